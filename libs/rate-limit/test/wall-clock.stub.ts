/**
 * A hand-driven time source that can also step backwards, as a wall clock does after an NTP correction
 * (the framework's FakeClock is monotonic and refuses negative steps). The cores take `now` as an argument,
 * so this is all their tests need.
 */
export class SteppingClock {
  constructor(private current: number) {}
  now(): number {
    return this.current;
  }
  /** Moves time by `ms` milliseconds, backwards when negative. */
  advance(ms: number): void {
    this.current += ms;
  }
}
