import { ClientClosedRequestError, systemClock, type Clock, type TimerHandle } from '@bff/core';
import type { CallFailure } from '../call-failure';
import type { CallNext, CallPolicy } from '../call-policy';
import { deriveCall, follow, isSafeMethod } from '../derived-call';
import type { UpstreamCallEvent, UpstreamResponse } from '../downstream.options';
import { routeMatcher } from '../route-matcher';
import type { UpstreamCall } from '../upstream-call';
import { LatencyWindow } from './latency-window';
import { createRetryBudget, type RetryBudget } from './retry-budget';

/** Options of {@link hedgePolicy}. */
export interface HedgeOptions {
  /**
   * How long (in milliseconds) the first attempt runs alone before a second one is sent, or `'p95'`: the
   * upstream's observed 95th percentile of recent answers (`fallbackDelayMs` until 20 answers were seen).
   */
  delayMs: number | 'p95';
  /** Delay (in milliseconds) of a `'p95'` hedge before enough answers were seen. Default is 100. */
  fallbackDelayMs?: number;
  /** Shortest delay (in milliseconds) a `'p95'` hedge waits. Default is 5. */
  minDelayMs?: number;
  /** Routes hedged (see `routeMatcher`); a call's own `hedge` option wins. Default is every GET/HEAD route. */
  routes?: readonly string[];
  /** Budget the hedges take from (share it with the upstream's retries). Default is a 20% budget of its own. */
  budget?: RetryBudget;
  /** Clock of the delay and the latency window. Default is `systemClock`. */
  clock?: Clock;
  /** Called once per attempt that lost to the other one and was cancelled (outcome `hedged`). */
  onHedged?: (event: UpstreamCallEvent) => void;
}

/** What a hedge policy has done so far. */
export interface HedgeStats {
  /** Second attempts sent. */
  sent: number;
  /** Calls answered by the second attempt. */
  won: number;
  /** Second attempts not sent because the budget was spent. */
  denied: number;
}

/** A hedge policy, with its counters readable. */
export interface HedgePolicy extends CallPolicy {
  stats(): HedgeStats;
  /** The delay a call starting now would wait before its hedge, in milliseconds. */
  currentDelayMs(): number;
}

/** Why a losing attempt is cancelled. */
const LOST: CallFailure = {
  error: new ClientClosedRequestError('Lost to a hedged attempt.'),
  outcome: 'hedged',
};

/**
 * Hedged requests for idempotent reads: when the first attempt has not answered after the delay, a second one is
 * sent (budget permitting), the first good answer (2xx or 4xx) wins and the other attempt is cancelled. A
 * failure waits for the other attempt when one is in flight; a first attempt that fails before the delay fails
 * the call (retrying is the retry policy's job). Only GET/HEAD calls on the configured routes (or with
 * `hedge: true`) are hedged; every other call passes through untouched.
 *
 * @example
 * const budget = createRetryBudget({ ratio: 0.1 });
 * createUpstreamClient('catalog', { baseUrl, policies: [hedgePolicy({ delayMs: 'p95', budget })] });
 * await catalog.get('/products/p1', { hedge: true });
 * @see https://research.google/pubs/the-tail-at-scale/
 * @throws RangeError when an option is out of range
 */
export function hedgePolicy(options: HedgeOptions): HedgePolicy {
  const { delayMs } = options;
  if (delayMs !== 'p95' && !(Number.isInteger(delayMs) && delayMs >= 0))
    throw new RangeError('delayMs must be a non-negative integer of milliseconds or "p95"');
  const fallbackDelayMs = options.fallbackDelayMs ?? 100;
  const minDelayMs = options.minDelayMs ?? 5;
  const clock = options.clock ?? systemClock;
  const budget = options.budget ?? createRetryBudget({ clock });
  const matches = routeMatcher(options.routes);
  const latencies = new LatencyWindow();
  const stats: HedgeStats = { sent: 0, won: 0, denied: 0 };
  const currentDelayMs = (): number =>
    delayMs === 'p95' ? Math.max(minDelayMs, Math.ceil(latencies.p95() ?? fallbackDelayMs)) : delayMs;

  function reportLoser(loser: UpstreamCall, started: number): void {
    try {
      options.onHedged?.({
        upstream: loser.upstream,
        method: loser.method,
        route: loser.route,
        status: loser.status,
        outcome: 'hedged',
        durationMs: clock.now() - started,
      });
    } catch {
      // a metrics listener must never fail a call
    }
  }

  function hedged(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>> {
    return new Promise((resolve, reject) => {
      const attempts: { call: UpstreamCall; started: number }[] = [];
      // Attempts made before this one (retries): each copy counts on from there, so spans number them right.
      const before = call.attempts;
      let failures = 0;
      let done = false;
      let timer: TimerHandle | undefined;

      const finish = (): void => {
        done = true;
        if (timer !== undefined) clock.clearTimeout(timer);
        for (const a of attempts) {
          call.attempts += a.call.attempts - before;
          a.call.cancellation.dispose();
        }
      };
      const start = (): void => {
        const attempt = { call: deriveCall(call), started: clock.now() };
        attempt.call.attempts = before;
        attempt.call.hedge = attempts.length > 0;
        attempts.push(attempt);
        follow(call, attempt.call);
        let running: Promise<UpstreamResponse<unknown>>;
        try {
          running = next(attempt.call);
        } catch (err) {
          running = Promise.reject(err); // a policy that threw instead of rejecting, maybe in the hedge's timer
        }
        running.then(
          (response) => {
            if (done) return;
            latencies.record(clock.now() - attempt.started);
            for (const other of attempts) {
              if (other === attempt) continue;
              other.call.cancellation.fire(LOST);
              reportLoser(other.call, other.started);
            }
            if (attempt !== attempts[0]) stats.won++;
            call.status = attempt.call.status;
            finish();
            resolve(response);
          },
          (err: unknown) => {
            if (done) return;
            failures++;
            if (failures < attempts.length) return; // the other attempt may still answer
            call.status = attempt.call.status;
            finish();
            reject(err);
          },
        );
      };
      const launchHedge = (): void => {
        timer = undefined;
        if (done || call.cancellation.failure()) return;
        if (!budget.tryAcquire()) {
          stats.denied++;
          return;
        }
        stats.sent++;
        start();
      };
      start();
      if (!done) timer = clock.setTimeout(launchHedge, currentDelayMs());
    });
  }

  return {
    name: 'hedge',
    execute: function hedgeCall(call, next) {
      if (!isSafeMethod(call.method) || !(call.options.hedge ?? matches(call.route))) return next(call);
      budget.recordCall();
      return hedged(call, next);
    },
    stats: () => ({ ...stats }),
    currentDelayMs,
  };
}
