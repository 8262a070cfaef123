import { Clock, systemClock } from './clock';

/**
 * A request's time budget: an absolute point on a monotonic clock. Every upstream call gets only what
 * remains, so a slow first call leaves less time for the next and the whole request ends on time.
 *
 * @example
 * const deadline = Deadline.after(2000);
 * const timeout = deadline.cap(5000); // min(5000, remaining), never negative
 */
export class Deadline {
  private constructor(
    /** Absolute expiry on `clock`, in milliseconds. */
    readonly expiresAt: number,
    private readonly clock: Clock,
  ) {}

  /** A deadline `budgetMs` milliseconds from now. */
  static after(budgetMs: number, clock: Clock = systemClock): Deadline {
    if (!Number.isFinite(budgetMs) || budgetMs < 0)
      throw new RangeError('budgetMs must be a non-negative finite number');
    return new Deadline(clock.now() + budgetMs, clock);
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.expiresAt - this.clock.now());
  }

  /** True once no time is left. */
  get expired(): boolean {
    return this.remaining() <= 0;
  }

  /** The smaller of `timeoutMs` and the remaining budget, rounded up to whole milliseconds. */
  cap(timeoutMs: number): number {
    return Math.ceil(Math.min(timeoutMs, this.remaining()));
  }

  /** A deadline no later than this one and no later than `budgetMs` from now. */
  narrow(budgetMs: number): Deadline {
    const candidate = this.clock.now() + Math.max(0, budgetMs);
    return candidate < this.expiresAt ? new Deadline(candidate, this.clock) : this;
  }
}
