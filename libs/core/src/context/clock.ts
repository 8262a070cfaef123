/** A source of monotonic milliseconds; injected so time-based cores are tested with a fake clock. */
export interface Clock {
  now(): number;
}

/** The process clock: `performance.now()`, monotonic and unaffected by wall-clock jumps. */
export const systemClock: Clock = { now: () => performance.now() };

/** A hand-driven clock for unit tests. */
export class FakeClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
}
