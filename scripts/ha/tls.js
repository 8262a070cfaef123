'use strict';
/**
 * The HA stack's certificates: a private CA and one server certificate it signs (for `localhost` and
 * `127.0.0.1`), issued with the `openssl` binary. Node's crypto can read and verify X.509 but cannot issue it,
 * and a CA (rather than one self-signed certificate) is what lets clients and the BFFs trust nginx and TLS
 * upstreams with one bundle, as they would a company CA.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const DAYS = '30';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/**
 * Writes `ca.pem`, `server.pem` and `server.key` into `dir`; returns their paths. Throws with openssl's
 * message when the binary is missing or fails.
 * Example: `const { ca, cert, key } = generateCertificates('/tmp/bff-ha-x')`.
 */
function generateCertificates(dir, { hosts = ['localhost', '127.0.0.1'] } = {}) {
  const file = (name) => path.join(dir, name);
  const openssl = (...args) => {
    try {
      execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      const why = err.code === 'ENOENT' ? 'openssl not found on PATH' : String(err.stderr || err.message);
      throw new Error(`cannot issue the HA stack's certificates: ${why.trim()}`);
    }
  };
  const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
  fs.writeFileSync(
    file('server.ext'),
    [
      `subjectAltName=${san}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
    ].join('\n'),
  );
  openssl(
    'req',
    '-x509',
    ...EC_KEY,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.pem'),
    '-days',
    DAYS,
    '-subj',
    '/CN=BFF HA stack CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl(
    'req',
    ...EC_KEY,
    '-keyout',
    file('server.key'),
    '-out',
    file('server.csr'),
    '-subj',
    `/CN=${hosts[0]}`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    file('server.csr'),
    '-CA',
    file('ca.pem'),
    '-CAkey',
    file('ca.key'),
    '-CAcreateserial',
    '-out',
    file('server.pem'),
    '-days',
    DAYS,
    '-extfile',
    file('server.ext'),
  );
  for (const key of ['ca.key', 'server.key']) fs.chmodSync(file(key), 0o600);
  return { ca: file('ca.pem'), cert: file('server.pem'), key: file('server.key') };
}

module.exports = { generateCertificates };
