import { defineRateLimitPolicy, type RateLimitPolicy, type ResolvedRateLimitPolicy } from '@bff/rate-limit';

/** Test-data builder: a valid policy with the given overrides. */
export function policy(overrides: Partial<RateLimitPolicy> = {}): ResolvedRateLimitPolicy {
  return defineRateLimitPolicy({
    name: 'burst',
    algorithm: 'gcra',
    limit: 10,
    windowMs: 10_000,
    ...overrides,
  });
}

/** A sliding-window policy with the given overrides. */
export function windowPolicy(overrides: Partial<RateLimitPolicy> = {}): ResolvedRateLimitPolicy {
  return policy({ name: 'window', algorithm: 'sliding-window', ...overrides });
}
