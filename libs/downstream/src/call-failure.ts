import {
  ClientClosedRequestError,
  DeadlineExceededError,
  isBffError,
  type BffError,
  type RequestContext,
} from '@bff/core';
import type { CallOutcome } from './downstream.options';
import { DownstreamError, DownstreamTimeoutError } from './downstream.errors';
import { PartBudgetExceededError } from './part-budget';
import type { UpstreamCall } from './upstream-call';
import { errorCodeOf, mapTransportError, TIMEOUT_ERROR_CODES, UPSTREAM_DETAILS } from './upstream-failure';

/** A failed call (or attempt): the coded error to throw and the outcome to report. */
export interface CallFailure {
  error: BffError;
  outcome: CallOutcome;
}

/** A timeout may race the deadline by a timer tick; within this many ms it counts as the deadline. */
const DEADLINE_TOLERANCE_MS = 2;

/**
 * Decides what an attempt (or a whole call) that threw `err` came to: the one classification shared by the
 * response collector's caller, policies (retry, breaker), metrics and the coded error a client sees.
 *
 * 1. Whatever ended the call early (`call.cancellation`: deadline, client gone, caller signal, `timeoutMs`) wins.
 * 2. A {@link DownstreamError} of this upstream keeps its class's outcome (`timeout`, `unavailable`,
 *    `bad_gateway`, or a policy's own such as `circuit_open`).
 * 3. Another coded error keeps its code: a budget the app set (`PartBudgetExceededError`) is `timeout`, the
 *    deadline is `deadline`, a client-closed request `aborted`, anything else `internal`.
 * 4. A transport error maps by its code (an undici timeout at the deadline is the deadline); an error with no
 *    known code is `internal`, never `unavailable`: a bug in the BFF must not trip a breaker.
 *
 * Idempotent: classifying the error it returned gives the same outcome.
 * @example
 * catch (err) { if (classify(call, err).outcome === 'unavailable') return next(call); throw err; }
 */
export function classify(call: UpstreamCall, err: unknown): CallFailure {
  const fired = call.cancellation.failure();
  if (fired) return fired;
  if (err instanceof DownstreamError && err.upstream === call.upstream)
    return { error: err, outcome: err.outcome };
  if (isBffError(err)) return { error: err, outcome: codedOutcome(err) };
  const code = errorCodeOf(err);
  const ctx = call.ctx;
  if (code && TIMEOUT_ERROR_CODES.has(code) && ctx && ctx.deadline.remaining() <= DEADLINE_TOLERANCE_MS)
    return deadlineFailure(err);
  return mapTransportError(call.upstream, err, { retryAfterSec: call.retryAfterSec });
}

function codedOutcome(err: BffError): CallOutcome {
  // a budget the app set passed (a coalesced waiter receives its shared call's): the upstream was too slow
  if (err instanceof PartBudgetExceededError) return 'timeout';
  if (err.code === DeadlineExceededError.code) return 'deadline';
  if (err.code === ClientClosedRequestError.code) return 'aborted';
  return 'internal';
}

/** The context's time budget ran out during (or before) the call. */
export function deadlineFailure(cause?: unknown): CallFailure {
  return { error: new DeadlineExceededError(UPSTREAM_DETAILS.deadline, { cause }), outcome: 'deadline' };
}

/** The per-call `timeoutMs` ran out (`reason`, for logs, says after how long). */
export function callTimeoutFailure(upstream: string, budgetMs: number): CallFailure {
  const error = new DownstreamTimeoutError(upstream, UPSTREAM_DETAILS.timeout, {
    reason: `no answer within ${budgetMs} ms`,
  });
  return { error, outcome: 'timeout' };
}

/**
 * The context's cancellation fired: the deadline passed (by its reason or the clock), the client went away, or
 * (in an aggregate) a sibling failed with a coded error, which is kept as is.
 */
export function contextAbortFailure(ctx: RequestContext): CallFailure {
  const reason: unknown = ctx.cancellation.reason;
  // An optional part's own budget passed: the upstream was too slow for it, a timeout (a breaker counts it).
  if (reason instanceof PartBudgetExceededError) return { error: reason, outcome: 'timeout' };
  const reasonCode = (reason as { code?: unknown } | undefined)?.code;
  const reasonName = (reason as { name?: unknown } | undefined)?.name;
  if (ctx.deadline.expired || reasonCode === DeadlineExceededError.code || reasonName === 'TimeoutError') {
    return deadlineFailure(reason);
  }
  if (isBffError(reason)) return { error: reason, outcome: 'aborted' };
  const error = new ClientClosedRequestError(UPSTREAM_DETAILS.clientClosed, { cause: reason });
  return { error, outcome: 'aborted' };
}

/** The caller's own `opts.signal` fired: a coded reason is kept, anything else becomes client-closed. */
export function callerAbortFailure(signal: AbortSignal): CallFailure {
  const reason: unknown = signal.reason;
  if (isBffError(reason)) return { error: reason, outcome: 'aborted' };
  const error = new ClientClosedRequestError(UPSTREAM_DETAILS.callerCancelled, { cause: reason });
  return { error, outcome: 'aborted' };
}
