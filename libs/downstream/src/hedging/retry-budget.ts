import { systemClock, type Clock } from '@bff/core';

/**
 * How many extra attempts (retries, hedges) an upstream may receive: a share of its recent calls plus a small
 * floor, as Envoy's `retry_budget`, so extra attempts can never amplify an outage. One budget per upstream is
 * shared by every policy that adds attempts.
 * @example
 * budget.recordCall();                 // once per call that could take an extra attempt
 * if (budget.tryAcquire()) send second attempt; // false once the budget is spent
 */
export interface RetryBudget {
  /** Counts one call (the budget grows with traffic). */
  recordCall(): void;
  /** Takes one extra attempt from the budget; false (and nothing taken) when it is spent. */
  tryAcquire(): boolean;
  /** The budget's current state, for readiness and metrics. */
  state(): RetryBudgetState;
}

/** What a {@link RetryBudget} shows of itself. */
export interface RetryBudgetState {
  /** Calls counted in the window. */
  calls: number;
  /** Extra attempts taken in the window. */
  extra: number;
  /** Extra attempts the window allows now: `floor(ratio × calls) + minPerWindow`. */
  allowed: number;
}

/** Options of {@link createRetryBudget}. */
export interface RetryBudgetOptions {
  /** Share of the window's calls that may take an extra attempt, 0..1. Default is 0.2 (20%). */
  ratio?: number;
  /** Extra attempts always allowed per window, however little traffic. Default is 3. */
  minPerWindow?: number;
  /** Length (in milliseconds) of the rolling window, kept in ten buckets. Default is 10000 (10 seconds). */
  windowMs?: number;
  /** Clock of the window. Default is `systemClock`. */
  clock?: Clock;
}

const BUCKETS = 10;

/**
 * A {@link RetryBudget} over a rolling window of ten time buckets on the framework clock: no timers, two integer
 * arrays, O(1) per call.
 * @example const budget = createRetryBudget({ ratio: 0.1, clock }); hedgePolicy({ delayMs: 50, budget });
 * @throws RangeError when an option is out of range
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const ratio = options.ratio ?? 0.2;
  const minPerWindow = options.minPerWindow ?? 3;
  const windowMs = options.windowMs ?? 10_000;
  const clock = options.clock ?? systemClock;
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError('ratio must be a number in 0..1');
  if (!Number.isInteger(minPerWindow) || minPerWindow < 0)
    throw new RangeError('minPerWindow must be a non-negative integer');
  if (!Number.isInteger(windowMs) || windowMs < BUCKETS)
    throw new RangeError(`windowMs must be an integer of at least ${BUCKETS} milliseconds`);
  const bucketMs = windowMs / BUCKETS;
  const calls = new Array<number>(BUCKETS).fill(0);
  const extra = new Array<number>(BUCKETS).fill(0);
  let current = Math.floor(clock.now() / bucketMs);

  /** Zeroes the buckets that left the window since the last look. */
  function roll(): number {
    const bucket = Math.floor(clock.now() / bucketMs);
    const passed = Math.min(bucket - current, BUCKETS);
    for (let i = 1; i <= passed; i++) {
      const slot = (current + i) % BUCKETS;
      calls[slot] = 0;
      extra[slot] = 0;
    }
    if (passed > 0) current = bucket;
    return current % BUCKETS;
  }
  const sum = (a: number[]) => a.reduce((s, n) => s + n, 0);
  const state = (): RetryBudgetState => {
    roll();
    const c = sum(calls);
    return { calls: c, extra: sum(extra), allowed: Math.floor(ratio * c) + minPerWindow };
  };

  return {
    recordCall() {
      calls[roll()]++;
    },
    tryAcquire() {
      const { extra: used, allowed } = state();
      if (used >= allowed) return false;
      extra[current % BUCKETS]++;
      return true;
    },
    state,
  };
}
