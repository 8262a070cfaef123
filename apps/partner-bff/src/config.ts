import { VersioningType } from '@nestjs/common';
import { readSlices, type Env } from '@bff/core';
import { readContractsEnv, type ContractsEnvConfig } from '@bff/contracts';
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

export type PartnerBffConfig = BffPlatformConfig<'orders' | 'catalog' | 'inventory'> & {
  /** `API_DOCS_ENABLED`, `OPENAPI_OAUTH_TOKEN_URL`, `OPENAPI_SERVER_URL` (`readContractsEnv`). */
  contracts: ContractsEnvConfig;
  /** The token endpoint the documents name: `OPENAPI_OAUTH_TOKEN_URL`, else `<AUTH_ISSUER>/token`. */
  tokenUrl: string;
  /** `JOBS_*` (`readJobsEnv` in `@bff/jobs`): exports and other background jobs. */
  jobs: JobsEnvConfig;
};

/**
 * The partner-bff's configuration, validated once. Versions are URI versions (`/v1`, `/v2`).
 * @throws ConfigError naming each missing or invalid variable
 */
export function loadConfig(env: Env): PartnerBffConfig {
  const { platform, contracts } = readSlices({
    platform: () =>
      readBffConfig(env, {
        name: 'partner-bff',
        port: 3003,
        upstreams: ['orders', 'catalog', 'inventory'],
        rateLimit: PARTNER_RATE_LIMITS,
        principalKinds: ['client'],
        apiKeys: true,
      }),
    contracts: () => readContractsEnv(env),
  });
  return {
    ...platform,
    contracts,
    tokenUrl: contracts.tokenUrl ?? `${platform.auth.issuer.replace(/\/+$/, '')}/token`,
    versioning: { type: VersioningType.URI },
    jobs: readJobsEnv(env, { redis: platform.redis }),
  };
}
