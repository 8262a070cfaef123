import type { Principal } from '@bff/core';
import type { RateLimitStore } from './rate-limit-store.interface';
import { keyFor } from './rate-limit.key';
import type { RateLimitAlgorithm } from './rate-limit.policy';
import type { createPolicyResolver } from './rate-limit.resolve';

/** One policy of a caller's quota, as it stands. */
export interface PolicyUsage {
  /** The policy's name, as in `RateLimit-Policy`, e.g. `daily`. */
  name: string;
  algorithm: RateLimitAlgorithm;
  /** Units per window. */
  limit: number;
  /** Window length in seconds. */
  windowSeconds: number;
  /** Units spendable at once (GCRA's burst; the limit for a sliding window). */
  burst: number;
  /** Units spendable now. */
  remaining: number;
  /** Units spent that still count (`burst − remaining`). */
  used: number;
  /** Seconds until every unit of the policy is back (rounded up). */
  resetSeconds: number;
}

/** A caller's quota: every policy its tier gives it (the app's defaults with its tier's on top). */
export interface QuotaUsage {
  /** False when rate limiting is off (`RATE_LIMIT_ENABLED=false`): no policies then. */
  enabled: boolean;
  /** True when the shared store was unavailable and the process-local counters answered. */
  degraded: boolean;
  policies: PolicyUsage[];
}

/**
 * A caller's quota use and limits, read from the store without spending anything (`RateLimitStore.peek`, one
 * read-only round trip with Redis), for a usage endpoint. Route-specific `@RateLimit` policies are not part of it.
 * @example const usage = await this.usage.of(principal); // { enabled: true, policies: [{ name: 'minute', ... }] }
 */
export class RateLimitUsage {
  constructor(
    private readonly store: RateLimitStore,
    private readonly policiesFor: ReturnType<typeof createPolicyResolver>,
    private readonly enabled: boolean,
  ) {}

  async of(principal: Principal): Promise<QuotaUsage> {
    if (!this.enabled) return { enabled: false, degraded: false, policies: [] };
    const key = keyFor(principal, '');
    const policies = this.policiesFor(undefined, principal);
    const decision = await this.store.peek(policies.map((policy) => ({ key, policy })));
    return {
      enabled: true,
      degraded: decision.degraded,
      policies: decision.outcomes.map(({ policy, remaining, resetAfterMs }) => ({
        name: policy.name,
        algorithm: policy.algorithm,
        limit: policy.limit,
        windowSeconds: policy.windowMs / 1000,
        burst: policy.burst,
        remaining,
        used: Math.max(0, policy.burst - remaining),
        resetSeconds: Math.ceil(resetAfterMs / 1000),
      })),
    };
  }
}
