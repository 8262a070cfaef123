import { env, type Env, readEnv } from '@bff/core';
import type { StatusPageAccess } from './observability.module-definition';
import type { ServerTimingMode } from './server-timing';

/** The observability slice of a BFF's environment. */
export interface ObservabilityEnvConfig {
  /**
   * `READINESS_CACHE_MS`: time (in milliseconds) `/health/ready` answers from the last run of its checks.
   * Default is 1000, at most 60000.
   */
  readinessCacheMs: number;
  /**
   * `SERVER_TIMING`: `debug` adds `Server-Timing` for principals with scope `bff:debug` only; `all` to every
   * answer (the demo stack). Default is `debug`.
   */
  serverTiming: ServerTimingMode;
  /**
   * `STATUS_PAGE`: `public` (everyone sees `/status` and its data: the demo stack), `protected` (the data needs a
   * principal with scope `bff:status`) or `off` (no status routes). Default is `protected`.
   */
  statusPage: StatusPageAccess;
}

/**
 * Reads and validates the observability variables (`READINESS_CACHE_MS`, `SERVER_TIMING`, `STATUS_PAGE`).
 * @example const observability = readObservabilityEnv(process.env);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readObservabilityEnv(source: Env): ObservabilityEnvConfig {
  const raw = readEnv(source, {
    READINESS_CACHE_MS: env.int(1000, { min: 0, max: 60_000 }),
    SERVER_TIMING: env.oneOf(['debug', 'all'] as const, 'debug'),
    STATUS_PAGE: env.oneOf(['public', 'protected', 'off'] as const, 'protected'),
  });
  return {
    readinessCacheMs: raw.READINESS_CACHE_MS,
    serverTiming: raw.SERVER_TIMING,
    statusPage: raw.STATUS_PAGE,
  };
}
