import { RollingCounts } from '@bff/circuit-breaker';

const CALLS = 0;
const RETRIES = 1;

/** A retry budget's readable state. */
export interface RetryBudgetSnapshot {
  /** Calls and retries over the window. */
  calls: number;
  retries: number;
  /** Retries the window allows now (`ratio` × calls + the floor). */
  allowed: number;
  /** Retries refused by the budget since start. */
  exhausted: number;
}

/**
 * How many retries one upstream may get: over a rolling window, at most `ratio` of the calls plus a floor of
 * `minPerSec` per second of the window (Finagle's `RetryBudget`, the idea of Envoy's `retry_budget`), so that
 * retries never multiply an outage: at 100% errors the upstream sees at most (1 + ratio) × the calls, plus the
 * floor. Pure: every method takes the caller's `Clock.now()`.
 * @example
 * const budget = new RetryBudget(0.2, 1, 10_000);
 * budget.recordCall(now);
 * if (budget.tryRetry(now)) retry();
 */
export class RetryBudget {
  private readonly counts: RollingCounts;
  private readonly floor: number;
  private exhausted = 0;

  constructor(
    private readonly ratio: number,
    minPerSec: number,
    windowMs: number,
  ) {
    this.counts = new RollingCounts({ windowMs, buckets: 10, fields: 2 });
    this.floor = (minPerSec * windowMs) / 1000;
  }

  /** Counts one call (not its retries). */
  recordCall(now: number): void {
    this.counts.add(now, CALLS);
  }

  /** Takes one retry from the budget; false (and counted as exhausted) when none is left. */
  tryRetry(now: number): boolean {
    if (this.counts.sum(now, RETRIES) >= this.allowed(now)) {
      this.exhausted++;
      return false;
    }
    this.counts.add(now, RETRIES);
    return true;
  }

  snapshot(now: number): RetryBudgetSnapshot {
    return {
      calls: this.counts.sum(now, CALLS),
      retries: this.counts.sum(now, RETRIES),
      allowed: Math.floor(this.allowed(now)),
      exhausted: this.exhausted,
    };
  }

  private allowed(now: number): number {
    return this.ratio * this.counts.sum(now, CALLS) + this.floor;
  }
}
