import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Where and how {@link serve} listens. */
export interface ServeOptions {
  port: number;
  /** Default is 127.0.0.1. */
  host?: string;
  /** Time allowed to drain in-flight requests on SIGTERM/SIGINT, in milliseconds. Default is 10000. */
  shutdownTimeoutMs?: number;
  /** Signals that start a graceful shutdown. Default is SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

/**
 * Listens and wires graceful shutdown: on SIGTERM/SIGINT stop accepting (new requests get 503), drain
 * in-flight requests, run every `onApplicationShutdown` (pools, Redis), then exit; exit non-zero if
 * draining outlasts `shutdownTimeoutMs`.
 * @returns the bound address, e.g. `http://127.0.0.1:3002`
 */
export async function serve(app: NestFastifyApplication, options: ServeOptions): Promise<string> {
  const { port, host = '127.0.0.1', shutdownTimeoutMs = 10_000, signals = ['SIGTERM', 'SIGINT'] } = options;
  await app.listen(port, host);
  const log = app.getHttpAdapter().getInstance().log;
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => {
      log.error({ shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    force.unref();
    app.close().then(
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
