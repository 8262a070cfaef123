import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny HTTP server on 127.0.0.1:0 that counts requests and answers through `handler` (default 200 `{}`). */
export interface CountingServer {
  url: string;
  /** Requests received so far. */
  readonly count: number;
  /** Replaces how requests are answered. */
  answer(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

const ok = (_req: IncomingMessage, res: ServerResponse): void => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
};

/** Starts a {@link CountingServer}. @example const users = await startCountingServer(); users.count; */
export async function startCountingServer(): Promise<CountingServer> {
  let count = 0;
  let handler = ok;
  const server = createServer((req, res) => {
    count++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get count() {
      return count;
    },
    answer: (next) => void (handler = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
