'use strict';
/** Free TCP ports on 127.0.0.1, found by listening on port 0. */

const net = require('node:net');

/** Returns one port the OS reports free right now. Example: `const port = await freePort()`. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Returns `count` distinct free ports. Example: `const [a, b] = await freePorts(2)`. */
async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

module.exports = { freePort, freePorts };
