import { createServer } from 'node:net';

/**
 * Finds a TCP port on 127.0.0.1 that is free right now (listen on 0, read it, close). Another process may take
 * it before you do, so retry on `EADDRINUSE` when that matters.
 * @example const port = await freePort();
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
