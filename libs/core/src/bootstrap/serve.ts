import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { listenAdmin } from './admin-listener';
import { drainStateOf } from './drain.hooks';

/** Where and how {@link serve} listens. */
export interface ServeOptions {
  port: number;
  /** Default is 127.0.0.1. */
  host?: string;
  /**
   * Time allowed for the whole shutdown on SIGTERM/SIGINT (drain delay, in-flight requests, pools), in
   * milliseconds; past it the process exits 1. Default is 10000.
   */
  shutdownTimeoutMs?: number;
  /**
   * Time between the signal and closing the listener, in milliseconds: readiness answers 503 while requests
   * are still served, so a load balancer stops sending before connections are refused. Default is 0.
   */
  drainDelayMs?: number;
  /** Signals that start a graceful shutdown. Default is SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
  /**
   * A second listener for the operator routes (detailed health, `/metrics`, `/status`; see `AdminRoute`),
   * closed with the API listener. Default is none: every route on the API listener.
   */
  admin?: { port: number; host?: string };
}

/**
 * Listens (and, with `admin`, starts the admin listener) and wires graceful shutdown. On SIGTERM/SIGINT:
 * readiness fails at once (the app's `DrainState`), requests are still served for `drainDelayMs`; then both
 * listeners close (new connections are refused, new
 * requests on kept-alive connections get 503), in-flight requests finish, every answer closes its connection,
 * every `onApplicationShutdown` runs (pools, Redis), and the process exits 0; it exits 1 if all of that outlasts
 * `shutdownTimeoutMs`.
 * @example const url = await serve(app, { port: 3002, drainDelayMs: 5000, shutdownTimeoutMs: 15000 });
 * @returns the bound address, e.g. `http://127.0.0.1:3002`
 */
export async function serve(app: NestFastifyApplication, options: ServeOptions): Promise<string> {
  const { port, host = '127.0.0.1', shutdownTimeoutMs = 10_000, drainDelayMs = 0 } = options;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  await app.listen(port, host);
  const log = app.getHttpAdapter().getInstance().log;
  if (options.admin) log.info({ url: await listenAdmin(app, options.admin) }, 'admin listener listening');
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    drainStateOf(app).start();
    log.info({ signal, drainDelayMs }, 'shutting down: readiness fails, then in-flight requests drain');
    const force = setTimeout(function shutdownTimedOut() {
      log.error({ shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    const delay = new Promise<void>((resolve) => setTimeout(resolve, drainDelayMs));
    delay
      .then(() => app.close())
      .then(
        () => {
          log.info('shutdown complete');
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  for (const s of signals) process.once(s, shutdown);
  return app.getUrl();
}
