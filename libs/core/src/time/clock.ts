/**
 * An opaque timer returned by {@link Clock.setTimeout}; only {@link Clock.clearTimeout} of the same clock
 * understands it.
 */
export interface TimerHandle {
  /** Brand: a handle is only ever made by a clock. */
  readonly __timerHandle?: never;
}

/**
 * The one source of time of the framework, injected into every time-based core (deadlines, the verified-token
 * cache, breakers, limiters, retry backoff) so each is tested with a {@link FakeClock} instead of sleeping.
 *
 * Two readings, because they answer different questions:
 * - {@link now}: **monotonic** milliseconds from an arbitrary origin. Never jumps when the machine's wall clock
 *   is set, so it is what durations, deadlines, timers, cooldowns and rates use. Compare it only with itself.
 * - {@link epochMs}: **wall-clock** milliseconds since 1970-01-01 UTC (`Date.now()`). Only for instants that
 *   come from outside the process: a JWT's `exp`/`nbf`/`iat` (epoch seconds), HTTP dates, log timestamps.
 *
 * Timers run on the same clock as {@link now}; the system clock's are `unref()`ed, so a pending timer never keeps
 * the process alive.
 *
 * @example
 * const started = clock.now();
 * const timer = clock.setTimeout(function onDeadline() { scope.cancel(reason); }, 250);
 * clock.clearTimeout(timer);
 * const expired = tokenExpSec * 1000 <= clock.epochMs();
 */
export interface Clock {
  /** Monotonic milliseconds (fractional), for durations and deadlines. */
  now(): number;
  /** Wall-clock milliseconds since the Unix epoch, for instants exchanged with other systems (JWT `exp`). */
  epochMs(): number;
  /** Runs `callback` once, `delayMs` milliseconds from {@link now}; the timer does not keep the process alive. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancels a timer of this clock; a handle that already fired or was cleared is ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/** Longest delay a Node.js timer supports (about 24.8 days); longer delays must be treated as "never". */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/**
 * The process clock: `performance.now()` (monotonic), `Date.now()` (epoch) and Node's timers, unref'd.
 * @example Deadline.after(2000, systemClock)
 */
export const systemClock: Clock = {
  now: function systemNow() {
    return performance.now();
  },
  epochMs: function systemEpochMs() {
    return Date.now();
  },
  setTimeout: function systemSetTimeout(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return timer as TimerHandle;
  },
  clearTimeout: function systemClearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
