import type { Clock, Principal } from '@bff/core';
import type { IdempotencyEnvConfig } from './idempotency.env';

/** Options of `IdempotencyModule`. */
export interface IdempotencyModuleOptions {
  /** The validated slice from `readIdempotencyEnv` (TTL, lease, memory bound). */
  config: IdempotencyEnvConfig;
  /** Time source of the in-memory store's leases and expiry. Default is the system clock. */
  clock?: Clock;
  /** Prefix of the Redis keys. Default is `bff:idem:`. */
  keyPrefix?: string;
  /**
   * The scope a principal's keys live in: two callers with the same key never meet. Default is
   * `<kind>:<clientId or subject>` (a partner's API keys and tokens share one scope).
   */
  scopeOf?: (principal: Principal) => string;
}
