import type { VersioningOptions } from '@nestjs/common';
import type { Clock } from '../time';
import { ConfigError } from '../errors';
import { type AdminListenerConfig, readAdminEnv } from './admin-env';
import { readSlices } from './config-slices';
import { env, type Env, readEnv } from './env';
import { type HttpEdgeConfig, type HttpEnvDefaults, readHttpEnv } from './http-env';

/** Pino levels `LOG_LEVEL` accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Core's slice of a BFF's environment: how the process listens, logs, bounds requests and shuts down. */
export interface CoreConfig {
  /** `PORT`: listen port. */
  port: number;
  /** `HOST`: listen address. Default is 127.0.0.1. */
  host: string;
  /** `LOG_LEVEL`: pino level. Default is `info`. */
  logLevel: LogLevel;
  /** `REQUEST_TIMEOUT_MS`: whole-request budget in milliseconds. Default is 10000. */
  requestTimeoutMs: number;
  /** `BODY_LIMIT_BYTES`: largest accepted request body in bytes. Default is 1048576 (1 MiB). */
  bodyLimitBytes: number;
  /** `TRUST_PROXY`: honour `X-Forwarded-*`. Default is false. */
  trustProxy: boolean;
  /** `SHUTDOWN_TIMEOUT_MS`: time the whole shutdown may take, in milliseconds. Default is 10000. */
  shutdownTimeoutMs: number;
  /**
   * `SHUTDOWN_DRAIN_DELAY_MS`: time between SIGTERM and closing the listener, in milliseconds, while readiness
   * already answers 503 (so a load balancer stops sending first). Below `SHUTDOWN_TIMEOUT_MS`. Default is 0.
   */
  drainDelayMs: number;
  /**
   * Slow-client timeouts, CORS and compression: `CLIENT_HEADERS_TIMEOUT_MS`, `CLIENT_BODY_TIMEOUT_MS`,
   * `CORS_ORIGINS`, `CORS_MAX_AGE_SECONDS`, `COMPRESSION`, `COMPRESSION_THRESHOLD_BYTES` (see {@link readHttpEnv}).
   */
  http: HttpEdgeConfig;
  /**
   * `ADMIN_PORT`, `ADMIN_HOST`: a second listener for detailed health, `/metrics` and `/status`, kept off the API
   * port ({@link readAdminEnv}). Undefined (the default, the demo stack): every route is on the API port.
   */
  admin?: AdminListenerConfig;
}

/** What differs between BFFs when reading {@link CoreConfig}. */
export interface CoreEnvSpec {
  /** Default `PORT`. */
  port: number;
  /** Defaults of the HTTP edge variables for this app (e.g. its CORS origins). */
  http?: HttpEnvDefaults;
}

/**
 * What the bootstrap (`createBffApp`, `runBff`) needs of any BFF's configuration: its name and core's slice.
 * A BFF's full configuration adds the slices of the libs it uses (see `readBffConfig` in `@bff/platform`).
 */
export interface BffConfig {
  /** App name, e.g. `mobile-bff`. */
  name: string;
  core: CoreConfig;
  /**
   * The app's one clock: request deadlines, breakers, retry backoff. Never read from the environment; tests set a
   * `FakeClock` to move time by hand. Default is `systemClock`.
   */
  clock?: Clock;
  /** The app's API versioning (not from the environment), e.g. `{ type: VersioningType.URI }`. Default is off. */
  versioning?: VersioningOptions;
}

/**
 * Reads and validates core's slice: `PORT`, `HOST`, `LOG_LEVEL`, `REQUEST_TIMEOUT_MS`, `BODY_LIMIT_BYTES`,
 * `TRUST_PROXY`, `SHUTDOWN_TIMEOUT_MS`, `SHUTDOWN_DRAIN_DELAY_MS`, `ADMIN_PORT`, `ADMIN_HOST` and the HTTP edge
 * variables ({@link readHttpEnv}), all problems at once.
 * @example const core = readCoreEnv(process.env, { port: 3002 });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readCoreEnv(source: Env, spec: CoreEnvSpec): CoreConfig {
  const { raw, http, admin } = readSlices({
    raw: () => readBaseEnv(source, spec),
    http: () => readHttpEnv(source, spec.http),
    admin: () => readAdminEnv(source, Number(source.PORT ?? spec.port)),
  });
  if (raw.SHUTDOWN_DRAIN_DELAY_MS >= raw.SHUTDOWN_TIMEOUT_MS) {
    throw new ConfigError([
      `SHUTDOWN_DRAIN_DELAY_MS (${raw.SHUTDOWN_DRAIN_DELAY_MS}) must be below SHUTDOWN_TIMEOUT_MS (${raw.SHUTDOWN_TIMEOUT_MS})`,
    ]);
  }
  return {
    port: raw.PORT,
    host: raw.HOST,
    logLevel: raw.LOG_LEVEL,
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    trustProxy: raw.TRUST_PROXY,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    drainDelayMs: raw.SHUTDOWN_DRAIN_DELAY_MS,
    http,
    ...(admin ? { admin } : {}),
  };
}

function readBaseEnv(source: Env, spec: CoreEnvSpec) {
  return readEnv(source, {
    PORT: env.port(spec.port),
    HOST: env.string('127.0.0.1'),
    LOG_LEVEL: env.oneOf(LOG_LEVELS, 'info'),
    REQUEST_TIMEOUT_MS: env.int(10_000, { min: 1, max: 600_000 }),
    BODY_LIMIT_BYTES: env.int(1024 * 1024, { min: 1, max: 100 * 1024 * 1024 }),
    TRUST_PROXY: env.bool(false),
    SHUTDOWN_TIMEOUT_MS: env.int(10_000, { min: 1, max: 600_000 }),
    SHUTDOWN_DRAIN_DELAY_MS: env.int(0, { min: 0, max: 600_000 }),
  });
}
