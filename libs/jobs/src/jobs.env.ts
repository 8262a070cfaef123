import { ConfigError, env, readEnv, type Env } from '@bff/core';
import { redisTarget, type RedisEnvConfig } from '@bff/redis';
import type { JobsModuleOptions } from './jobs.options';

/** The jobs slice of a BFF's environment: `JobsModule` options without the clock. */
export type JobsEnvConfig = Omit<JobsModuleOptions, 'clock' | 'connectionName'>;

/**
 * Reads and validates the `JOBS_*` variables:
 * `JOBS_STORE` (`redis` when `REDIS_URL` or `REDIS_CLUSTER_NODES` is set, else `memory`), `JOBS_MAX_ACTIVE_PER_OWNER` (3),
 * `JOBS_RETENTION_MS` (86400000), `JOBS_CONCURRENCY` (2), `JOBS_TIMEOUT_MS` (900000), `JOBS_LOCK_MS` (30000),
 * `JOBS_WEBHOOK_ALLOWED_HOSTS` (comma-separated; none = webhooks off), `JOBS_WEBHOOK_SECRET` (required with
 * hosts), `JOBS_WEBHOOK_ALLOW_HTTP` (false), `JOBS_WEBHOOK_ATTEMPTS` (5), `JOBS_WEBHOOK_BACKOFF_MS` (1000).
 * @example const jobs = readJobsEnv(process.env, { redis: readRedisEnv(process.env) });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readJobsEnv(source: Env, context: { redis: RedisEnvConfig }): JobsEnvConfig {
  const hasRedis = redisTarget(context.redis) !== undefined;
  const raw = readEnv(source, {
    JOBS_STORE: env.oneOf(['redis', 'memory'] as const, hasRedis ? 'redis' : 'memory'),
    JOBS_MAX_ACTIVE_PER_OWNER: env.int(3, { min: 1, max: 1000 }),
    JOBS_RETENTION_MS: env.int(86_400_000, { min: 1000, max: 30 * 86_400_000 }),
    JOBS_CONCURRENCY: env.int(2, { min: 1, max: 64 }),
    JOBS_TIMEOUT_MS: env.int(900_000, { min: 1000, max: 86_400_000 }),
    JOBS_LOCK_MS: env.int(30_000, { min: 1000, max: 600_000 }),
    JOBS_WEBHOOK_ALLOWED_HOSTS: env.list([]),
    JOBS_WEBHOOK_SECRET: env.optionalString(),
    JOBS_WEBHOOK_ALLOW_HTTP: env.bool(false),
    JOBS_WEBHOOK_ATTEMPTS: env.int(5, { min: 1, max: 20 }),
    JOBS_WEBHOOK_BACKOFF_MS: env.int(1000, { min: 1, max: 600_000 }),
  });
  const problems: string[] = [];
  if (raw.JOBS_STORE === 'redis' && !hasRedis)
    problems.push('JOBS_STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES');
  const hosts = raw.JOBS_WEBHOOK_ALLOWED_HOSTS;
  const secret = raw.JOBS_WEBHOOK_SECRET;
  if (hosts.length > 0 && (secret === undefined || secret.length < 16))
    problems.push(
      'JOBS_WEBHOOK_SECRET: is required (at least 16 characters) when JOBS_WEBHOOK_ALLOWED_HOSTS is set',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    backend: raw.JOBS_STORE === 'redis' ? { kind: 'redis' } : { kind: 'memory' },
    maxActivePerOwner: raw.JOBS_MAX_ACTIVE_PER_OWNER,
    retentionMs: raw.JOBS_RETENTION_MS,
    concurrency: raw.JOBS_CONCURRENCY,
    timeoutMs: raw.JOBS_TIMEOUT_MS,
    lockDurationMs: raw.JOBS_LOCK_MS,
    webhooks:
      hosts.length === 0
        ? undefined
        : {
            allowedHosts: hosts,
            secret: secret!,
            allowHttp: raw.JOBS_WEBHOOK_ALLOW_HTTP,
            attempts: raw.JOBS_WEBHOOK_ATTEMPTS,
            backoffMs: raw.JOBS_WEBHOOK_BACKOFF_MS,
          },
  };
}
