import { env, type Env, readEnv } from '@bff/core';

/** The observability slice of a BFF's environment. */
export interface ObservabilityEnvConfig {
  /**
   * `READINESS_CACHE_MS`: time (in milliseconds) `/health/ready` answers from the last run of its checks.
   * Default is 1000, at most 60000.
   */
  readinessCacheMs: number;
}

/**
 * Reads and validates the observability variables.
 * @example const observability = readObservabilityEnv(process.env);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readObservabilityEnv(source: Env): ObservabilityEnvConfig {
  const raw = readEnv(source, {
    READINESS_CACHE_MS: env.int(1000, { min: 0, max: 60_000 }),
  });
  return { readinessCacheMs: raw.READINESS_CACHE_MS };
}
