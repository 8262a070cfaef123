import type { ResolvedRateLimitPolicy } from '../rate-limit.policy';
import { TIME_EPSILON_MS, UNIT_EPSILON, type AlgorithmResult, type GcraState } from './algorithm.types';

/**
 * The Generic Cell Rate Algorithm: a token bucket of `burst` units refilled at `limit / windowMs`, kept as one
 * number (the theoretical arrival time, TAT). A pure function: same inputs, same answer.
 *
 * - Emission interval `T = windowMs / limit`; tolerance `τ = T × burst`.
 * - A request of `cost` units at `now` is admitted when `max(tat, now) + cost × T − τ <= now`; then
 *   `tat' = max(tat, now) + cost × T`. A rejected request leaves the state unchanged.
 * - A clock going backwards never grants extra: `tat` is never moved back, so an earlier `now` only looks
 *   further from the refill.
 * - `cost > burst` can never pass: `retryAfterMs` is `Infinity`.
 *
 * `cost` may be 0 to read the current state without spending (used to report the other policies of a
 * rejected request).
 * @example gcra(undefined, clock.now(), policy, 1) // { allowed: true, remaining: burst - 1, ... }
 * @see https://en.wikipedia.org/wiki/Generic_cell_rate_algorithm
 */
export function gcra(
  state: GcraState | undefined,
  now: number,
  policy: ResolvedRateLimitPolicy,
  cost: number,
): AlgorithmResult<GcraState> {
  const interval = policy.windowMs / policy.limit;
  const tolerance = interval * policy.burst;
  const tat = state !== undefined && state.tat > now ? state.tat : now;
  let allowed = false;
  let retryAfterMs = 0;
  let kept = tat;
  if (cost > policy.burst) {
    retryAfterMs = Infinity;
  } else {
    const newTat = tat + cost * interval;
    const waitMs = newTat - tolerance - now;
    if (waitMs <= TIME_EPSILON_MS) {
      allowed = true;
      kept = newTat;
    } else {
      retryAfterMs = Math.max(1, Math.ceil(waitMs - TIME_EPSILON_MS));
    }
  }
  const remaining = Math.max(0, Math.floor((tolerance - (kept - now)) / interval + UNIT_EPSILON));
  const resetAfterMs = Math.max(0, Math.ceil(kept - now - TIME_EPSILON_MS));
  return {
    allowed,
    remaining,
    resetAfterMs,
    retryAfterMs,
    newState: { tat: kept },
    ttlMs: Math.max(1, resetAfterMs),
  };
}
