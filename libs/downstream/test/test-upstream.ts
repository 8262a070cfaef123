import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDetachedContext,
  type Clock,
  type ContextLogger,
  type Principal,
  type RequestContext,
} from '@bff/core';

/** A real HTTP server on 127.0.0.1:<free port> that records what it receives. */
export interface TestUpstream {
  url: string;
  port: number;
  /** Headers and URL of each request, in arrival order. */
  requests: { url: string; headers: IncomingHttpHeaders }[];
  /** Number of TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a server whose requests are answered by `handler` (a handler that never ends the response hangs). */
export async function startUpstream(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestUpstream> {
  const requests: TestUpstream['requests'] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes `body` as JSON with `status`. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A port nothing listens on (bound, then released). */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger that records every call. */
export function recordingLogger(): ContextLogger & { warnings: { obj: object; msg?: string }[] } {
  const warnings: { obj: object; msg?: string }[] = [];
  const noop = () => undefined;
  return { warnings, info: noop, debug: noop, error: noop, warn: (obj, msg) => warnings.push({ obj, msg }) };
}

/**
 * A request context as core builds one (a detached context with a fixed request id and trace): its cancellation
 * scope fires at the deadline on `clock`, and a test ends it by hand with `ctx.cancellation.cancel(reason)`.
 */
export function testContext(
  overrides: {
    budgetMs?: number;
    principal?: Principal;
    traceState?: string;
    log?: ContextLogger;
    clock?: Clock;
  } = {},
): { ctx: RequestContext } {
  const ctx = createDetachedContext({
    requestId: 'req-123',
    trace: {
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      flags: '01',
      ...(overrides.traceState ? { traceState: overrides.traceState } : {}),
    },
    budgetMs: overrides.budgetMs ?? 5000,
    clock: overrides.clock,
    log: overrides.log ?? recordingLogger(),
    principal: overrides.principal,
  });
  return { ctx };
}
