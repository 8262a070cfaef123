import {
  cancelReason,
  ClientClosedRequestError,
  DeadlineExceededError,
  isBffError,
  type BffError,
  type RequestContext,
} from '@bff/core';
import type { CallOutcome } from './downstream.options';
import { DownstreamBadGatewayError, DownstreamTimeoutError } from './downstream.errors';
import { errorCodeOf, mapTransportError, TIMEOUT_ERROR_CODES } from './upstream-failure';

/** A failed call: the coded error to throw and the outcome to report. */
export interface CallFailure {
  error: BffError;
  outcome: CallOutcome;
}

/** A timeout may race the deadline by a timer tick; within this many ms it counts as the deadline. */
const DEADLINE_TOLERANCE_MS = 2;

/** The request's time budget ran out during (or before) the call to `upstream`. */
export function deadlineFailure(upstream: string, cause?: unknown): CallFailure {
  const detail = `Request deadline exceeded while calling upstream "${upstream}"`;
  return { error: new DeadlineExceededError(detail, { cause }), outcome: 'deadline' };
}

/** The per-call `timeoutMs` ran out. */
export function callTimeoutFailure(upstream: string, budgetMs: number): CallFailure {
  const detail = `Upstream "${upstream}" did not answer within ${budgetMs} ms`;
  return { error: new DownstreamTimeoutError(upstream, detail), outcome: 'timeout' };
}

/**
 * The context's cancellation fired: the deadline passed (by its reason or the clock), the client went away, or
 * (in an aggregate) a sibling failed with a coded error.
 */
export function contextAbortFailure(upstream: string, ctx: RequestContext): CallFailure {
  const reason: unknown = cancelReason(ctx);
  const reasonCode = (reason as { code?: unknown } | undefined)?.code;
  const reasonName = (reason as { name?: unknown } | undefined)?.name;
  if (ctx.deadline.expired || reasonCode === DeadlineExceededError.code || reasonName === 'TimeoutError') {
    return deadlineFailure(upstream, reason);
  }
  if (isBffError(reason)) return { error: reason, outcome: 'aborted' };
  const detail = `Client closed the request while calling upstream "${upstream}"`;
  return { error: new ClientClosedRequestError(detail, { cause: reason }), outcome: 'aborted' };
}

/** The caller's own `opts.signal` fired: a coded reason is kept, anything else becomes client-closed. */
export function callerAbortFailure(upstream: string, signal: AbortSignal): CallFailure {
  const reason: unknown = signal.reason;
  if (isBffError(reason)) return { error: reason, outcome: 'aborted' };
  const detail = `Call to upstream "${upstream}" was cancelled by the caller`;
  return { error: new ClientClosedRequestError(detail, { cause: reason }), outcome: 'aborted' };
}

/**
 * Classifies what a call threw when nothing cancelled it (see `CallCancellation.failure()` for that case):
 * a bad gateway raised while reading is kept; a timeout at the deadline is the deadline; the rest is mapped
 * by {@link mapTransportError}.
 */
export function classifyCallError(
  upstream: string,
  err: unknown,
  ctx: RequestContext | undefined,
): CallFailure {
  if (err instanceof DownstreamBadGatewayError) return { error: err, outcome: 'bad_gateway' };
  const code = errorCodeOf(err);
  const atDeadline = ctx !== undefined && ctx.deadline.remaining() <= DEADLINE_TOLERANCE_MS;
  if (code && TIMEOUT_ERROR_CODES.has(code) && atDeadline) return deadlineFailure(upstream, err);
  return mapTransportError(upstream, err);
}
