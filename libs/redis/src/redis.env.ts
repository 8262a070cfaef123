import { env, type Env, readEnv } from '@bff/core';

/** The Redis slice of a BFF's environment. */
export interface RedisEnvConfig {
  /** `REDIS_URL` (`redis:` or `rediss:`); undefined = in-memory stores, one process, nothing connects. */
  url?: string;
}

/**
 * Reads and validates `REDIS_URL` (optional).
 * @example const redis = readRedisEnv(process.env); if (redis.url) RedisModule.forRoot({ url: redis.url });
 * @throws ConfigError (BFF_ERR_CONFIG) when it is set but not a redis: or rediss: URL
 */
export function readRedisEnv(source: Env): RedisEnvConfig {
  const raw = readEnv(source, { REDIS_URL: env.optionalUrl({ protocols: ['redis:', 'rediss:'] }) });
  return { url: raw.REDIS_URL };
}
