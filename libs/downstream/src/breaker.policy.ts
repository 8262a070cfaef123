import { REJECTED, type CallResult, type CircuitBreaker } from '@bff/circuit-breaker';
import type { Clock } from '@bff/core';
import { classify } from './call-failure';
import type { CallNext, CallPolicy } from './call-policy';
import type { CallOutcome, UpstreamResponse } from './downstream.options';
import type { PerOperation } from './per-operation';
import { CircuitOpenError, RESILIENCE_DETAILS } from './resilience.errors';
import type { UpstreamCall } from './upstream-call';

/** Outcomes a breaker counts as the upstream failing; everything else but an answer is ignored. */
export const BREAKER_FAILURE_OUTCOMES: ReadonlySet<CallOutcome> = new Set([
  'timeout',
  'unavailable',
  'bad_gateway',
]);

/**
 * What an attempt that failed with `outcome` means to a breaker (an upstream 4xx resolves: a success): a
 * `timeout` (no answer within the BFF's budget for it: `timeoutMs`, a part budget, undici's timeouts) is the
 * breaker's `timeout`, which also counts toward its consecutive timeouts; the other failures are `failure`.
 */
export function breakerResult(outcome: CallOutcome): CallResult {
  if (outcome === 'timeout') return 'timeout';
  return BREAKER_FAILURE_OUTCOMES.has(outcome) ? 'failure' : 'ignored';
}

/**
 * Per attempt: asks the upstream's (or the operation's) {@link CircuitBreaker} first. Open, the attempt fails at
 * once with `CircuitOpenError` (503, `Retry-After` = time to half-open) without touching the network; otherwise
 * the attempt's outcome is recorded, so a retry stops as soon as the breaker opens. A caller's cancellation, a
 * deadline and a BFF bug (`aborted`, `deadline`, `internal`) are never counted.
 * @example new BreakerPolicy(new PerOperation(breakers.get('catalog'), [], ...), clock)
 */
export class BreakerPolicy implements CallPolicy {
  readonly name = 'breaker';

  constructor(
    private readonly breakers: PerOperation<CircuitBreaker>,
    private readonly clock: Clock,
  ) {}

  /** Without `async`: one promise per attempt instead of two (each costs twice under AsyncLocalStorage's hooks). */
  execute(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>> {
    const breaker = this.breakers.for(call);
    const clock = this.clock;
    const started = clock.now();
    const permit = breaker.tryAcquire(started);
    if (permit === REJECTED) {
      return Promise.reject(
        new CircuitOpenError(call.upstream, RESILIENCE_DETAILS.circuitOpen, {
          retryAfterSec: breaker.retryAfterMs(started) / 1000,
          reason: `circuit ${breaker.name} is open`,
        }),
      );
    }
    return next(call).then(
      function recordSuccess(response) {
        const now = clock.now();
        breaker.record(permit, 'success', now - started, now);
        return response;
      },
      function recordFailure(err: unknown): never {
        const now = clock.now();
        breaker.record(permit, breakerResult(classify(call, err).outcome), now - started, now);
        throw err;
      },
    );
  }
}
