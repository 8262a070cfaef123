import type { Clock, TimerHandle } from './clock';

interface FakeTimer extends TimerHandle {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A hand-driven {@link Clock} for tests: time stands still until {@link advance} moves it, and timers fire in
 * order of their due time (then of creation) as time passes them. Both readings move together: `epochMs()` is
 * `epochStart` plus the time advanced so far.
 *
 * @example
 * const clock = new FakeClock();
 * const scope = new CancelScope({ deadline: Deadline.after(100, clock) });
 * clock.advance(99);  // nothing yet
 * clock.advance(1);   // the deadline timer fires: scope.aborted === true
 */
export class FakeClock implements Clock {
  private current: number;
  private readonly epochOffset: number;
  private timers: FakeTimer[] = [];
  private seq = 0;

  /**
   * @param start monotonic reading to start from, in milliseconds. Default is 0.
   * @param epochStart wall-clock reading at `start`, in epoch milliseconds. Default is 1_900_000_000_000
   *   (2030-03-17), so tests never depend on the real date.
   */
  constructor(start = 0, epochStart = 1_900_000_000_000) {
    this.current = start;
    this.epochOffset = epochStart - start;
  }

  now(): number {
    return this.current;
  }

  epochMs(): number {
    return this.current + this.epochOffset;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer: FakeTimer = { due: this.current + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const i = this.timers.indexOf(handle as FakeTimer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Number of timers not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Moves time forward by `ms` milliseconds, firing every timer that falls due on the way, in order, with
   * `now()` reading each timer's due time while it runs (timers it sets are honoured too).
   * @throws RangeError when `ms` is negative or not finite
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('ms must be a non-negative finite number');
    const target = this.current + ms;
    for (let next = this.nextDue(target); next; next = this.nextDue(target)) {
      this.timers.splice(this.timers.indexOf(next), 1);
      this.current = next.due;
      next.callback();
    }
    this.current = target;
  }

  private nextDue(target: number): FakeTimer | undefined {
    let first: FakeTimer | undefined;
    for (const timer of this.timers) {
      if (timer.due > target) continue;
      if (!first || timer.due < first.due || (timer.due === first.due && timer.seq < first.seq))
        first = timer;
    }
    return first;
  }
}
