import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { generateCertificates } from '../../scripts/ha/tls';

/** An https front of a plain-HTTP upstream, with a certificate of a CA generated for this run. */
export interface TlsUpstream {
  /** `https://127.0.0.1:<port>`. */
  url: string;
  /** Path of the CA bundle that verifies its certificate. */
  caFile: string;
  /** Requests it forwarded so far. */
  readonly forwarded: number;
  close(): Promise<void>;
}

/** Serves `target` (e.g. the demo users upstream) over TLS on 127.0.0.1:0, forwarding method, path and headers. */
export async function startTlsUpstream(target: string): Promise<TlsUpstream> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-tls-upstream-'));
  const certs = generateCertificates(dir);
  let forwarded = 0;
  const server = createServer(
    { cert: readFileSync(certs.cert), key: readFileSync(certs.key) },
    function forward(req, res) {
      forwarded++;
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      request(`${target}${req.url}`, { method: 'GET', headers }).then(
        async (answer) => {
          res.writeHead(answer.statusCode, { 'content-type': String(answer.headers['content-type']) });
          res.end(Buffer.from(await answer.body.arrayBuffer()));
        },
        () => res.writeHead(502).end(),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    caFile: certs.ca,
    get forwarded() {
      return forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}
