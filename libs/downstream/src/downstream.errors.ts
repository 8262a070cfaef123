import { BffError, type BffErrorCode } from '@bff/core';
import type { CallOutcome } from './downstream.options';

/** Options of every {@link DownstreamError}. */
export interface DownstreamErrorOptions {
  /** The underlying failure (an undici error, a parse error), kept for logs. */
  cause?: unknown;
  /** Extra response headers the error requires. */
  headers?: Record<string, string>;
  /**
   * What happened, in the upstream's own terms (`answered 500`, `ECONNREFUSED`), for logs only: the detail a
   * client sees never names an upstream service or the HTTP client's codes.
   */
  reason?: string;
}

/**
 * Base of the errors raised for one named upstream. The detail (what a client sees) names neither the upstream
 * nor its URL, host, body or the HTTP client's codes; `upstream`, `reason` and `cause` carry those to the logs.
 * Each subclass declares the {@link CallOutcome} it stands for, which `classify()` reports to metrics and
 * policies (a breaker counts `timeout` and `unavailable`, never `internal`).
 */
export abstract class DownstreamError extends BffError {
  /** The outcome of a call that failed with this error. */
  static readonly outcome: CallOutcome = 'internal';

  /** The outcome of a call that failed with this error (the class's `outcome`). */
  readonly outcome: CallOutcome;
  /** For logs only: what happened in the upstream's terms; never shown to clients. */
  readonly reason?: string;

  constructor(
    /** The upstream's configured name, e.g. `users` (for logs and metrics, never in the detail). */
    readonly upstream: string,
    detail: string,
    options: DownstreamErrorOptions = {},
  ) {
    super(detail, options);
    this.outcome = (this.constructor as typeof DownstreamError).outcome;
    if (options.reason !== undefined) this.reason = options.reason;
  }
}

/**
 * The upstream did not connect, answer or finish its body in time (connect, headers, body or per-call timeout).
 * @example
 * if (err.code === DownstreamTimeoutError.code) ... // 'BFF_ERR_DOWNSTREAM_TIMEOUT', 504
 */
export class DownstreamTimeoutError extends DownstreamError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_TIMEOUT';
  static override readonly status = 504;
  static override readonly title = 'Upstream timed out';
  static override readonly outcome: CallOutcome = 'timeout';
}

/**
 * The upstream could not be reached (refused, reset, closed socket, DNS failure). Carries `Retry-After` with
 * the seconds its producer computed (the upstream's `unavailableRetryAfterSec` for a transport failure; a
 * breaker would say when it half-opens).
 * @example
 * new DownstreamUnavailableError('users', 'An upstream service could not be reached.', { retryAfterSec: 2 })
 *   .headers['Retry-After'] === '2'
 */
export class DownstreamUnavailableError extends DownstreamError {
  /** Typed wide so that refusals which are also "unavailable, retry later" (an open breaker) can extend it. */
  static override readonly code: BffErrorCode = 'BFF_ERR_DOWNSTREAM_UNAVAILABLE';
  static override readonly status = 503;
  static override readonly title: string = 'Upstream unavailable';
  static override readonly outcome: CallOutcome = 'unavailable';

  constructor(
    upstream: string,
    detail: string,
    options: DownstreamErrorOptions & {
      /** Seconds the client should wait before trying again (`Retry-After`); rounded up, at least 1. */
      retryAfterSec: number;
    },
  ) {
    const seconds = Math.max(1, Math.ceil(options.retryAfterSec));
    super(upstream, detail, { ...options, headers: { 'Retry-After': String(seconds), ...options.headers } });
  }
}

/**
 * The upstream answered, but not usefully: a 5xx, an unparseable body or a body over `maxResponseBytes`.
 * @example
 * err.code === 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' // status 502
 */
export class DownstreamBadGatewayError extends DownstreamError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY';
  static override readonly status = 502;
  static override readonly title = 'Bad upstream response';
  static override readonly outcome: CallOutcome = 'bad_gateway';
}

/** Re-exported from core: the request's own abort reason when the client goes away. */
export { ClientClosedRequestError } from '@bff/core';
