'use strict';
/**
 * A collector that drops what it receives: `POST /v1/traces` is read to its end and answered 200 `{}` (an OTLP
 * success), `GET /stats` answers `{ exports, bytes }`, anything else 200. The observability bench exports the
 * mobile-bff's spans here, so it measures what recording and sending spans costs the BFF, not a collector.
 * Run as a child process (`PORT`, `HOST`), so its work does not share the load generator's event loop.
 */
const { createServer } = require('node:http');

let received = 0;
let bytes = 0;
const server = createServer((req, res) => {
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/v1/traces') received++;
    const body = req.url === '/stats' ? JSON.stringify({ exports: received, bytes }) : '{}';
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT || 0), process.env.HOST || '127.0.0.1');
process.once('SIGTERM', () => server.close(() => process.exit(0)));
