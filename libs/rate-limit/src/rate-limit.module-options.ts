import type { Clock } from '@bff/core';
import type { RateLimitEnvConfig } from './rate-limit.env';

/** Options of `RateLimitModule`. */
export interface RateLimitModuleOptions {
  /** The validated slice from `readRateLimitEnv` (policies, tiers, fail mode, shield, headers). */
  config: RateLimitEnvConfig;
  /** Time source of the in-process limiter, the shield and the Redis breaker. Default is the system clock. */
  clock?: Clock;
  /** Prefix of the Redis keys. Default is `bff:rl:`. */
  keyPrefix?: string;
}
