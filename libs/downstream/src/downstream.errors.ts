import { BffError } from '@bff/core';

/**
 * Base of the errors raised for one named upstream. The detail names the upstream, never its URL, host or
 * response body; the original error is kept as `cause` for logs.
 */
export abstract class DownstreamError extends BffError {
  constructor(
    /** The upstream's configured name, e.g. `users`. */
    readonly upstream: string,
    detail: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(detail, options);
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
}

/**
 * The upstream could not be reached (refused, reset, closed socket, DNS failure). Carries `Retry-After: 1`.
 * @example
 * err.code === 'BFF_ERR_DOWNSTREAM_UNAVAILABLE' && err.headers['Retry-After'] === '1'
 */
export class DownstreamUnavailableError extends DownstreamError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_UNAVAILABLE';
  static override readonly status = 503;
  static override readonly title = 'Upstream unavailable';

  constructor(
    upstream: string,
    detail: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(upstream, detail, { ...options, headers: { 'Retry-After': '1', ...options.headers } });
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
}

/** Re-exported from core: the request's own abort reason when the client goes away. */
export { ClientClosedRequestError } from '@bff/core';
