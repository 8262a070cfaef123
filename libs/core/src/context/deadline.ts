import { systemClock, type Clock } from '../time';

/**
 * A time budget: an absolute point on a monotonic {@link Clock}. Every upstream call gets only what remains, so a
 * slow first call leaves less time for the next and the whole request ends on time. A context's deadline belongs
 * to its cancellation scope, which fires when it passes (see `CancelScope`).
 *
 * @example
 * const deadline = Deadline.after(2000);
 * const timeout = deadline.cap(5000); // min(5000, remaining), never negative
 */
export class Deadline {
  private constructor(
    /** Absolute expiry on `clock`, in milliseconds (`Infinity` for {@link Deadline.none}). */
    readonly expiresAt: number,
    /** The budget (in milliseconds) this deadline was created with; `Infinity` for none. */
    readonly budgetMs: number,
    /** The clock the deadline is measured on (and its cancellation's timer runs on). */
    readonly clock: Clock,
  ) {}

  /**
   * A deadline `budgetMs` milliseconds from now.
   * @throws RangeError when `budgetMs` is negative or not finite (use {@link Deadline.none} for no deadline)
   */
  static after(budgetMs: number, clock: Clock = systemClock): Deadline {
    if (!Number.isFinite(budgetMs) || budgetMs < 0)
      throw new RangeError('budgetMs must be a non-negative finite number');
    return new Deadline(clock.now() + budgetMs, budgetMs, clock);
  }

  /** A deadline that never passes (background work bounded by something else). */
  static none(clock: Clock = systemClock): Deadline {
    return new Deadline(Infinity, Infinity, clock);
  }

  /** Milliseconds left, never negative; `Infinity` for no deadline. */
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
    const budget = Math.max(0, budgetMs);
    const candidate = this.clock.now() + budget;
    return candidate < this.expiresAt ? new Deadline(candidate, budget, this.clock) : this;
  }
}
