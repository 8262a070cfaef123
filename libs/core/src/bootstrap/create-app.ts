import type { DynamicModule, Type, VersioningOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import pino, { type Logger } from 'pino';
import { ProblemFilter } from '../errors/problem.filter';
import type { Clock } from '../time';
import { installAdminListener } from './admin-listener';
import { installDrainHooks } from './drain.hooks';
import { bffClientErrorHandler, bffFrameworkErrors, installEdgeHooks } from './edge.hooks';
import type { CompressionOptions, CorsOptions, SecurityHeadersOptions } from './edge.options';
import { registerEdgePlugins, validateEdgeOptions } from './edge.plugins';
import { lazyChildLoggerFactory } from './logger';
import { genRequestId, installRequestHooks, SPOOFABLE_IDENTITY_HEADERS } from './request-hooks';
import { PinoNestLogger } from './nest-logger';
import { securityHeaders } from './security-headers';

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
  /**
   * Time a client has to send its request line and headers, in milliseconds (slow-loris guard). The
   * connection is answered 408 problem+json and closed within about a second of it. Default is 10000 (10 s).
   */
  headersTimeoutMs?: number;
  /**
   * Time a client has to send its whole request, headers and body, counted from its first byte, in
   * milliseconds; at least `headersTimeoutMs`. Answered like the headers timeout. Default is 30000 (30 s).
   */
  bodyTimeoutMs?: number;
  /** CORS allow-list (@fastify/cors) for BFFs browsers call from other origins. Default is false (off). */
  cors?: CorsOptions | false;
  /** Response compression (@fastify/compress). Default is on, for answers of 1024 bytes and more. */
  compression?: CompressionOptions | false;
  /** Security headers (helmet's, computed once). Default is on; see {@link SecurityHeadersOptions}. */
  securityHeaders?: SecurityHeadersOptions | false;
  /** Clock of request deadlines (see the core README, "Time"). Default is `systemClock`. */
  clock?: Clock;
  /**
   * Nest API versioning (e.g. `{ type: VersioningType.URI }`: `@Controller({ path: 'orders', version: '2' })`
   * answers `/v2/orders`), enabled before the routes are registered. Default is off.
   */
  versioning?: VersioningOptions;
}

const DEFAULTS = {
  bodyLimit: 1024 * 1024,
  requestTimeoutMs: 10_000,
  shutdownTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 30_000,
};

/** Longest gap between Node's checks of the header and body timeouts, in milliseconds. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1000;

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
  positive('headersTimeoutMs', options.headersTimeoutMs);
  positive('bodyTimeoutMs', options.bodyTimeoutMs);
  const headers = options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
  const body = options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs;
  if (headers > body) {
    throw new TypeError(`headersTimeoutMs (${headers}) must not exceed bodyTimeoutMs (${body})`);
  }
  validateEdgeOptions(options);
}

/**
 * Node's slow-client settings for the configured timeouts. Node checks them every
 * `connectionsCheckingInterval` (30 s by default, so a 30 s timeout really cut at up to 60 s): the interval is a
 * quarter of the shorter timeout, at most a second, so the cut happens within about a second of the time set.
 * `requireHostHeader` is off so the Host check answers problem+json (see edge.hooks) instead of Node's bare 400.
 */
function slowClientSettings(headersTimeoutMs: number, bodyTimeoutMs: number) {
  return {
    headersTimeout: headersTimeoutMs,
    requestTimeout: bodyTimeoutMs,
    connectionsCheckingInterval: Math.max(
      10,
      Math.min(MAX_TIMEOUT_CHECK_INTERVAL_MS, Math.floor(Math.min(headersTimeoutMs, bodyTimeoutMs) / 4)),
    ),
    requireHostHeader: false,
  };
}

/**
 * Builds and initialises a BFF on Fastify: body limit, trust-proxy policy, slow-client timeouts, request id,
 * trace context, a cancellation scope with its deadline per request, identity header hygiene, security headers,
 * CORS, compression, structured logs and the one problem+json filter, which also renders what Node's parser
 * and fastify's router reject before any route (431, 408, 400), 405 with `Allow` and the shutdown 503. Used by
 * every `main.ts` and every e2e test, so tests exercise exactly what runs in production.
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
  const http = slowClientSettings(
    options.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs,
    options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
  );
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    childLoggerFactory: lazyChildLoggerFactory as never,
    // Our own access log (one line per request, see request-hooks) replaces fastify's two.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    trustProxy: options.trustProxy ?? false,
    genReqId: genRequestId,
    requestIdHeader: false,
    // The drain hooks answer 503 problem+json instead (BFF_ERR_SHUTTING_DOWN).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    // A client must finish sending its headers, then its whole request, within these times (slow-loris guard).
    http,
    requestTimeout: http.requestTimeout,
    clientErrorHandler: bffClientErrorHandler,
    frameworkErrors: bffFrameworkErrors,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  installDrainHooks(adapter.getInstance());
  installRequestHooks(adapter.getInstance(), {
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    stripHeaders: options.stripHeaders ?? SPOOFABLE_IDENTITY_HEADERS,
    clock: options.clock,
    responseHeaders: options.securityHeaders === false ? [] : securityHeaders(options.securityHeaders ?? {}),
  });
  installAdminListener(adapter.getInstance(), http);
  installEdgeHooks(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  // Before init: compression wraps the routes Nest registers there.
  await registerEdgePlugins(app, options);
  if (options.versioning) app.enableVersioning(options.versioning);
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
