import {
  resolveCircuitBreakerOptions,
  type CallResult,
  type CircuitBreakerOptions,
  type CircuitState,
  type CircuitStateChange,
  type ResolvedCircuitBreakerOptions,
} from './circuit-breaker.options';
import { RollingCounts } from './rolling-counts';

/** What {@link CircuitBreaker.tryAcquire} answers when the call must not be made. */
export const REJECTED = -1;

const CALLS = 0;
const FAILURES = 1;
const SLOW = 2;

/** A breaker's readable state, for health, metrics and the status page. */
export interface CircuitBreakerSnapshot {
  state: CircuitState;
  /** Calls, failures and slow calls judged over the current window (closed state). */
  calls: number;
  failures: number;
  slowCalls: number;
  /** Milliseconds until probes are admitted (0 unless open). */
  retryAfterMs: number;
  /** Opens in a row without a close in between (the open wait doubles with each). */
  consecutiveOpens: number;
  /** Timeouts in a row without an answer in between (the breaker opens at `consecutiveTimeouts`). */
  consecutiveTimeouts: number;
  /** Calls refused since start. */
  rejected: number;
  /** State changes since start, by the state entered. */
  transitions: Record<CircuitState, number>;
}

/**
 * A circuit breaker as a pure state machine: no timers, no clock of its own; every method takes `now`, the
 * caller's `Clock.now()` (monotonic milliseconds). Closed, it counts calls, failures and slow calls over a rolling
 * window of time buckets and opens when, with at least `minimumCalls`, the failure rate or the slow-call rate
 * reaches its threshold, or after `consecutiveTimeouts` timeouts in a row (a hung upstream). Open, it refuses every call for the open wait (`openMs`, doubled on each reopen up to
 * `maxOpenMs`, with jitter), then half-opens: it admits `halfOpenProbes` calls, closes when they all succeed
 * and reopens on the first failure. What counts as a failure is the caller's data ({@link CallResult}).
 *
 * A permit is a plain number (the state's epoch), so a healthy call allocates nothing; a result recorded with a
 * permit of an earlier state is ignored (a call started before the breaker opened says nothing about now).
 *
 * @example
 * const breaker = new CircuitBreaker('catalog', { minimumCalls: 20 }, (change) => log.warn(change));
 * const permit = breaker.tryAcquire(clock.now());
 * if (permit === REJECTED) throw new CircuitOpenError(...); // retry after breaker.retryAfterMs(clock.now())
 * const started = clock.now();
 * try { await call(); breaker.record(permit, 'success', clock.now() - started, clock.now()); }
 * catch { breaker.record(permit, 'failure', clock.now() - started, clock.now()); }
 * @throws ConfigError (BFF_ERR_CONFIG) when an option is invalid
 */
export class CircuitBreaker {
  private readonly options: ResolvedCircuitBreakerOptions;
  private readonly window: RollingCounts;
  private current: CircuitState = 'closed';
  private epoch = 0;
  private openUntil = 0;
  private opens = 0;
  private probesAdmitted = 0;
  private probesSucceeded = 0;
  /** Timeouts since the last answer (closed state). */
  private timeoutRun = 0;
  private rejectedCalls = 0;
  private readonly transitions: Record<CircuitState, number> = { closed: 0, open: 0, half_open: 0 };

  constructor(
    /** Name in events, logs and metrics (`catalog`, `catalog:stock`). */
    readonly name: string,
    options: CircuitBreakerOptions = {},
    private readonly onStateChange?: (change: CircuitStateChange) => void,
  ) {
    this.options = resolveCircuitBreakerOptions(options, `breaker ${name}`);
    this.window = new RollingCounts({
      windowMs: this.options.windowMs,
      buckets: this.options.windowBuckets,
      fields: 3,
    });
  }

  /**
   * Asks to make one call at `now`: a permit (>= 0) to pass to {@link record}, or {@link REJECTED}. Moves an open
   * breaker whose wait is over to half-open.
   */
  tryAcquire(now: number): number {
    if (this.current === 'closed') return this.epoch;
    if (this.current === 'open') {
      if (now < this.openUntil) return this.reject();
      this.transition('half_open', now, 'open_wait_over');
    }
    if (this.probesAdmitted >= this.options.halfOpenProbes) return this.reject();
    this.probesAdmitted++;
    return this.epoch;
  }

  /** Records what the call admitted with `permit` came to, after `durationMs`, at `now`. */
  record(permit: number, result: CallResult, durationMs: number, now: number): void {
    if (permit !== this.epoch) return;
    const slow = durationMs >= this.options.slowCallMs;
    if (this.current === 'closed') {
      if (result === 'ignored') return;
      const window = this.window;
      window.add(now, CALLS);
      if (result === 'success') this.timeoutRun = 0;
      else {
        window.add(now, FAILURES);
        if (result === 'timeout') this.timeoutRun++;
        else this.timeoutRun = 0; // an error is an answer: the upstream is not hung
      }
      if (slow) window.add(now, SLOW);
      else if (result === 'success') return; // a fast success lowers both rates: nothing to judge
      this.judge(now);
    } else if (this.current === 'half_open') {
      if (result === 'ignored') this.probesAdmitted--;
      else if (result !== 'success' || slow) this.open(now, 'probe_failed');
      else if (++this.probesSucceeded >= this.options.halfOpenProbes) this.close(now);
    }
  }

  /** The state at `now` (an open breaker whose wait is over reads, and becomes, half-open). */
  stateAt(now: number): CircuitState {
    if (this.current === 'open' && now >= this.openUntil) this.transition('half_open', now, 'open_wait_over');
    return this.current;
  }

  /** Milliseconds from `now` until probes are admitted: 0 unless open. */
  retryAfterMs(now: number): number {
    return this.current === 'open' ? Math.max(0, this.openUntil - now) : 0;
  }

  /** The readable state at `now`. */
  snapshot(now: number): CircuitBreakerSnapshot {
    const state = this.stateAt(now);
    return {
      state,
      calls: this.window.sum(now, CALLS),
      failures: this.window.sum(now, FAILURES),
      slowCalls: this.window.sum(now, SLOW),
      retryAfterMs: this.retryAfterMs(now),
      consecutiveOpens: this.opens,
      consecutiveTimeouts: this.timeoutRun,
      rejected: this.rejectedCalls,
      transitions: { ...this.transitions },
    };
  }

  private reject(): number {
    this.rejectedCalls++;
    return REJECTED;
  }

  private judge(now: number): void {
    const { minimumCalls, failureRate, slowCallRate, consecutiveTimeouts } = this.options;
    if (consecutiveTimeouts > 0 && this.timeoutRun >= consecutiveTimeouts) {
      this.open(now, 'consecutive_timeouts');
      return;
    }
    const calls = this.window.sum(now, CALLS);
    if (calls < minimumCalls) return;
    if (this.window.sum(now, FAILURES) >= failureRate * calls) this.open(now, 'failure_rate');
    else if (this.window.sum(now, SLOW) >= slowCallRate * calls) this.open(now, 'slow_call_rate');
  }

  private open(now: number, reason: string): void {
    const { openMs, maxOpenMs, openJitter, random } = this.options;
    this.opens++;
    const base = Math.min(maxOpenMs, openMs * 2 ** Math.min(this.opens - 1, 30));
    const wait = Math.min(maxOpenMs, Math.round(base * (1 + openJitter * (2 * random() - 1))));
    this.openUntil = now + wait;
    this.transition('open', now, reason, wait);
  }

  private close(now: number): void {
    this.opens = 0;
    this.window.reset();
    this.transition('closed', now, 'probes_succeeded');
  }

  private transition(to: CircuitState, now: number, reason: string, openMs?: number): void {
    const from = this.current;
    this.current = to;
    this.epoch++;
    this.probesAdmitted = 0;
    this.probesSucceeded = 0;
    this.timeoutRun = 0;
    this.transitions[to]++;
    if (!this.onStateChange) return;
    try {
      this.onStateChange({
        name: this.name,
        from,
        to,
        at: now,
        reason,
        ...(openMs === undefined ? {} : { openMs }),
      });
    } catch {
      // a listener must never break the breaker
    }
  }
}
