import type { Clock } from '@bff/core';
import { classify } from './call-failure';
import type { CallCancellation } from './call-cancellation';
import type { CallNext, CallPolicy } from './call-policy';
import type { DownstreamError } from './downstream.errors';
import type { UpstreamResponse } from './downstream.options';
import type { RetryOptions } from './resilience.options';
import type { RetryBudget } from './hedging/retry-budget';
import type { UpstreamCall } from './upstream-call';

/** Methods retried without an idempotency key (RFC 9110 §9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/** Upstream statuses worth another attempt: the upstream's proxy or the upstream itself says "try again". */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Retries an idempotent call (see {@link IDEMPOTENT_METHODS}, or any call with an `Idempotency-Key` header) after
 * a connection failure (refused, reset, connect timeout) or a 502/503/504: full-jitter exponential backoff on the
 * clock (`random() * min(maxDelayMs, baseDelayMs * 2^n)`), at least the upstream's `Retry-After`, never when less
 * than `minAttemptMs` of the call's budget would remain, and only while the upstream's {@link RetryBudget} allows (the one its hedges take from too).
 * A refused attempt (open breaker, full bulkhead), a timeout after the request was sent, a deadline and a
 * cancellation are never retried. Each retry is a new attempt: fresh span id, what remains of the budget.
 */
export class RetryPolicy implements CallPolicy {
  readonly name = 'retry';
  /** Retries refused by the budget since start. */
  refused = 0;

  constructor(
    private readonly budget: RetryBudget,
    private readonly options: Required<RetryOptions>,
    private readonly clock: Clock,
  ) {}

  execute(call: UpstreamCall, next: CallNext): Promise<UpstreamResponse<unknown>> {
    this.budget.recordCall();
    if (!isIdempotent(call)) return next(call);
    return this.attempt(call, next, 0);
  }

  /**
   * Attempt number `retry + 1`, then another after a retryable failure. Chained with `then` rather than an
   * `async` loop: one promise per attempt instead of two (each costs twice under AsyncLocalStorage's hooks).
   */
  private attempt(call: UpstreamCall, next: CallNext, retry: number): Promise<UpstreamResponse<unknown>> {
    return next(call).then(undefined, (err: unknown) => {
      const delay = this.delayBeforeRetry(call, err, retry);
      if (delay === undefined) throw err;
      call.retryAfter = undefined;
      if (delay <= 0) return this.attempt(call, next, retry + 1);
      return pause(this.clock, delay, call.cancellation).then(() => this.attempt(call, next, retry + 1));
    });
  }

  /** Milliseconds to wait before retry number `retry + 1`, or undefined when the call must not be retried. */
  private delayBeforeRetry(call: UpstreamCall, err: unknown, retry: number): number | undefined {
    const { retries, baseDelayMs, maxDelayMs, minAttemptMs, random } = this.options;
    if (retry >= retries || !isRetryable(call, err)) return undefined;
    let delay = random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
    const after = retryAfterMs(call.retryAfter, this.clock);
    if (after !== undefined && after > delay) delay = after;
    const remaining = call.remainingMs();
    if (remaining !== undefined && remaining - delay < minAttemptMs) return undefined;
    if (this.budget.tryAcquire()) return delay;
    this.refused++;
    return undefined;
  }
}

/** True for an idempotent method, or a call carrying an `Idempotency-Key` header. */
export function isIdempotent(call: UpstreamCall): boolean {
  if (IDEMPOTENT_METHODS.has(call.method)) return true;
  const headers = call.options.headers;
  if (!headers) return false;
  for (const name of Object.keys(headers)) if (name.toLowerCase() === 'idempotency-key') return true;
  return false;
}

/** True when the attempt failed in a way another attempt may fix (see {@link RetryPolicy}). */
export function isRetryable(call: UpstreamCall, err: unknown): boolean {
  const { outcome, error } = classify(call, err);
  if (outcome === 'unavailable') return true;
  if (outcome === 'bad_gateway') return call.status !== undefined && RETRY_STATUSES.has(call.status);
  if (outcome === 'timeout') return (error as DownstreamError).reason === 'UND_ERR_CONNECT_TIMEOUT';
  return false;
}

/** An upstream's `Retry-After` (delay-seconds or an HTTP date) in milliseconds from now; undefined when absent or invalid. */
export function retryAfterMs(value: string | undefined, clock: Clock): number | undefined {
  if (value === undefined) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - clock.epochMs());
}

/** Waits `ms` on `clock`; rejects with the call's cancellation error if the call ends first. */
function pause(clock: Clock, ms: number, cancellation: CallCancellation): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = clock.setTimeout(resolve, ms);
    cancellation.bind(function cancelPause(reason) {
      clock.clearTimeout(timer);
      reject(reason);
    });
  });
}
