import type { ResolvedRateLimitPolicy } from '../rate-limit.policy';
import {
  TIME_EPSILON_MS,
  UNIT_EPSILON,
  type AlgorithmResult,
  type SlidingWindowState,
} from './algorithm.types';

/**
 * The sliding-window counter: windows aligned on multiples of `windowMs`, the previous window's count weighted by
 * how much of it still overlaps the sliding window ending at `now`:
 * `used = previous × (windowMs − elapsed) / windowMs + current`. A request is admitted when
 * `used + cost <= limit`. A pure function: same inputs, same answer.
 *
 * - No fixed-window double burst: a full previous window still weighs (almost) fully at the start of the next.
 * - A clock going backwards never grants extra: `now` is clamped to the current window's start, where the
 *   previous window weighs the most; the window never moves back.
 * - `cost > limit` can never pass: `retryAfterMs` is `Infinity`.
 *
 * `cost` may be 0 to read the current state without spending.
 * @example slidingWindow(undefined, clock.now(), policy, 1) // { allowed: true, remaining: limit - 1, ... }
 * @see https://blog.cloudflare.com/counting-things-a-lot-of-different-things/
 */
export function slidingWindow(
  state: SlidingWindowState | undefined,
  now: number,
  policy: ResolvedRateLimitPolicy,
  cost: number,
): AlgorithmResult<SlidingWindowState> {
  const w = policy.windowMs;
  const limit = policy.limit;
  let windowStart = state === undefined ? Math.floor(now / w) * w : state.windowStart;
  let current = state === undefined ? 0 : state.current;
  let previous = state === undefined ? 0 : state.previous;
  const t = now > windowStart ? now : windowStart;
  const aligned = Math.floor(t / w) * w;
  if (aligned >= windowStart + 2 * w) {
    previous = 0;
    current = 0;
    windowStart = aligned;
  } else if (aligned > windowStart) {
    previous = current;
    current = 0;
    windowStart = aligned;
  }
  const elapsed = t - windowStart;
  const used = (previous * (w - elapsed)) / w + current;
  let allowed = false;
  let retryAfterMs = 0;
  if (cost > limit) {
    retryAfterMs = Infinity;
  } else if (used + cost <= limit + UNIT_EPSILON) {
    allowed = true;
    current += cost;
  } else if (current + cost <= limit) {
    // Wait until the previous window's weight has shrunk enough.
    const until = w * (1 - (limit - cost - current) / previous);
    retryAfterMs = Math.max(1, Math.ceil(until - elapsed - TIME_EPSILON_MS));
  } else {
    // Wait for the next window, then until this window's count (become "previous") has shrunk enough.
    const into = w * (1 - (limit - cost) / current);
    retryAfterMs = Math.max(1, Math.ceil(w - elapsed + into - TIME_EPSILON_MS));
  }
  const spent = allowed ? cost : 0;
  const remaining = Math.max(0, Math.floor(limit - used - spent + UNIT_EPSILON));
  const resetAt = current > 0 ? windowStart + 2 * w : previous > 0 ? windowStart + w : t;
  const resetAfterMs = Math.max(0, Math.ceil(resetAt - t - TIME_EPSILON_MS));
  return {
    allowed,
    remaining,
    resetAfterMs,
    retryAfterMs,
    newState: { windowStart, current, previous },
    ttlMs: Math.max(1, Math.ceil(windowStart + 2 * w - t)),
  };
}
