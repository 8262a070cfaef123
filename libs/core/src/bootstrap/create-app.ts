import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import pino, { type Logger } from 'pino';
import { ProblemFilter } from '../errors/problem.filter';
import type { Clock } from '../time';
import { installDrainHooks } from './drain.hooks';
import { lazyChildLoggerFactory } from './logger';
import { genRequestId, installRequestHooks, SPOOFABLE_IDENTITY_HEADERS } from './request-hooks';
import { PinoNestLogger } from './nest-logger';

/** How {@link createApp} builds the HTTP layer every BFF shares. */
export interface CoreOptions {
  /** Largest accepted request body, in bytes. Default is 1048576 (1 MiB). */
  bodyLimit?: number;
  /** Fastify `trustProxy`: only set it behind a proxy you control. Default is false. */
  trustProxy?: boolean | string | number;
  /** Whole-request budget in milliseconds; upstream calls get only what remains. Default is 10000. */
  requestTimeoutMs?: number;
  /** Time allowed to drain in-flight requests on shutdown, in milliseconds. Default is 10000. */
  shutdownTimeoutMs?: number;
  /** The app's pino logger. Default is a pino logger at `info`. */
  logger?: Logger;
  /** Header name patterns removed on ingress. Default is {@link SPOOFABLE_IDENTITY_HEADERS}. */
  stripHeaders?: readonly RegExp[];
  /** Clock of request deadlines (see the core README, "Time"). Default is `systemClock`. */
  clock?: Clock;
}

/** Time a client has to send its whole request, in milliseconds. */
const RECEIVE_TIMEOUT_MS = 30_000;

const DEFAULTS = { bodyLimit: 1024 * 1024, requestTimeoutMs: 10_000, shutdownTimeoutMs: 10_000 };

function validate(options: CoreOptions): void {
  const positive = (name: string, v: unknown): void => {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) {
      throw new TypeError(
        `${name} must be a positive number of ${name === 'bodyLimit' ? 'bytes' : 'milliseconds'}`,
      );
    }
  };
  positive('bodyLimit', options.bodyLimit);
  positive('requestTimeoutMs', options.requestTimeoutMs);
  positive('shutdownTimeoutMs', options.shutdownTimeoutMs);
}

/**
 * Builds and initialises a BFF on Fastify: body limit, trust-proxy policy, request id, trace context,
 * a cancellation scope with its deadline per request, identity header hygiene, structured logs and the one problem+json
 * filter. Used by every `main.ts` and every e2e test, so tests exercise exactly what runs in production.
 *
 * @example
 * const app = await createApp(MobileBffModule.forRoot(config), { logger, requestTimeoutMs: 5000 });
 * await serve(app, { port: 3002, host: '127.0.0.1' });
 */
export async function createApp(
  rootModule: Type<unknown> | DynamicModule,
  options: CoreOptions = {},
): Promise<NestFastifyApplication> {
  validate(options);
  const logger = options.logger ?? pino({ level: 'info' });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    childLoggerFactory: lazyChildLoggerFactory as never,
    // Our own access log (one line per request, see request-hooks) replaces fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    genReqId: genRequestId,
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A client must finish sending its request (headers and body) within this time (slow-loris guard).
    requestTimeout: RECEIVE_TIMEOUT_MS,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  installDrainHooks(adapter.getInstance());
  installRequestHooks(adapter.getInstance(), {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    stripHeaders: options.stripHeaders ?? SPOOFABLE_IDENTITY_HEADERS,
    clock: options.clock,
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  configureApp(app, logger);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** Applies what every BFF app shares on top of Nest: the global problem+json filter. */
export function configureApp(app: NestFastifyApplication, logger: Logger): NestFastifyApplication {
  app.useGlobalFilters(new ProblemFilter(logger));
  return app;
}
