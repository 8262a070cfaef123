import type { Env } from '@bff/core';
import { readJobsEnv, type JobsEnvConfig } from '@bff/jobs';
import { readBffConfig, type BffPlatformConfig } from '@bff/platform';
import type { RateLimitEnvSpec } from '@bff/rate-limit';

/**
 * Per-partner limits: a partner without a known tier (and `free`) gets 60 requests per minute, 10 at once, and
 * 10 000 per day; `gold` gets 6000 per minute, 600 at once, and 1 000 000 per day. The tier comes from the
 * token's tier claim (`AUTH_TIER_CLAIM`, default `tier`); the demo's acme is `gold`, globex `free`.
 */
export const PARTNER_RATE_LIMITS: RateLimitEnvSpec = {
  perMinute: 60,
  burst: 10,
  dailyQuota: 10_000,
  tiers: {
    gold: [
      { name: 'minute', algorithm: 'gcra', limit: 6000, windowMs: 60_000, burst: 600 },
      { name: 'daily', algorithm: 'sliding-window', limit: 1_000_000, windowMs: 86_400_000 },
    ],
  },
};

export interface PartnerBffConfig extends BffPlatformConfig<'orders' | 'catalog' | 'inventory'> {
  /** `JOBS_*` (`readJobsEnv` in `@bff/jobs`): exports and other background jobs. */
  jobs: JobsEnvConfig;
}

/**
 * The partner-bff's configuration, validated once.
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): PartnerBffConfig {
  const platform = readBffConfig(env, {
    name: 'partner-bff',
    port: 3003,
    upstreams: ['orders', 'catalog', 'inventory'],
    rateLimit: PARTNER_RATE_LIMITS,
    principalKinds: ['client'],
    apiKeys: true,
  });
  return { ...platform, jobs: readJobsEnv(env, { redisUrl: platform.redis.url }) };
}
