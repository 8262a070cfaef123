import { InternalError, type BffError } from '@bff/core';
import type { CallOutcome } from './downstream.options';
import {
  DownstreamBadGatewayError,
  DownstreamTimeoutError,
  DownstreamUnavailableError,
} from './downstream.errors';

/** Upstream statuses that are failures (mapped to 502); every other status is an answer. */
export const FAILURE_STATUSES: ReadonlySet<number> = new Set([
  500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511,
]);

/** Transport error codes meaning "the upstream was too slow" (mapped to 504). */
export const TIMEOUT_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Transport error codes meaning "the upstream could not be reached" (mapped to 503 + Retry-After). */
export const UNAVAILABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPROTO',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  // TLS: an upstream whose certificate this BFF does not trust cannot be reached safely (see `ca`)
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Transport error codes meaning "the upstream answered garbage" (mapped to 502); `HPE_*` parser codes too. */
export const BAD_GATEWAY_ERROR_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_RES_EXCEEDED_MAX_SIZE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_INFO',
]);

/** The first `code` found on the error, its `cause` chain or its aggregated errors (happy-eyeballs). */
export function errorCodeOf(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && code !== 'UND_ERR') return code;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const found = errorCodeOf(inner, depth + 1);
      if (found) return found;
    }
  }
  return errorCodeOf(cause, depth + 1);
}

/** Client-facing details of upstream failures: they name no upstream service and no client codes. */
export const UPSTREAM_DETAILS = Object.freeze({
  timeout: 'An upstream service did not answer in time.',
  unavailable: 'An upstream service could not be reached.',
  badGateway: 'An upstream service sent an invalid response.',
  failureStatus: 'An upstream service answered with an error.',
  deadline: 'The request deadline passed while waiting for an upstream service.',
  clientClosed: 'The client closed the request while an upstream service was being called.',
  callerCancelled: 'The call to an upstream service was cancelled.',
  internal: 'An upstream call failed unexpectedly.',
});

/** Options of {@link mapTransportError}. */
export interface TransportErrorOptions {
  /** `Retry-After` (in seconds) of an unavailable upstream. Default is 1. */
  retryAfterSec?: number;
}

/**
 * Maps a transport failure (no usable response) to a coded error by its code, looked up in
 * {@link TIMEOUT_ERROR_CODES}, {@link BAD_GATEWAY_ERROR_CODES} and {@link UNAVAILABLE_ERROR_CODES}. A failure
 * with none of those codes (an invalid argument, a bug) is an `InternalError` with outcome `internal`: it says
 * nothing about the upstream's health, so it must not trip a breaker. The code goes to the error's `reason`
 * (logs), never to its detail.
 * @example
 * mapTransportError('users', econnrefused) // { error: DownstreamUnavailableError (Retry-After: 1), outcome: 'unavailable' }
 */
export function mapTransportError(
  upstream: string,
  err: unknown,
  options: TransportErrorOptions = {},
): { error: BffError; outcome: CallOutcome } {
  const code = errorCodeOf(err) ?? 'unknown';
  if (TIMEOUT_ERROR_CODES.has(code)) {
    const error = new DownstreamTimeoutError(upstream, UPSTREAM_DETAILS.timeout, {
      cause: err,
      reason: code,
    });
    return { error, outcome: 'timeout' };
  }
  if (BAD_GATEWAY_ERROR_CODES.has(code) || code.startsWith('HPE_')) {
    return { error: badGateway(upstream, code, err), outcome: 'bad_gateway' };
  }
  if (UNAVAILABLE_ERROR_CODES.has(code)) {
    const error = new DownstreamUnavailableError(upstream, UPSTREAM_DETAILS.unavailable, {
      cause: err,
      reason: code,
      retryAfterSec: options.retryAfterSec ?? 1,
    });
    return { error, outcome: 'unavailable' };
  }
  return { error: new InternalError(UPSTREAM_DETAILS.internal, { cause: err }), outcome: 'internal' };
}

/**
 * A {@link DownstreamBadGatewayError}; `reason` (for logs) says what was wrong in the upstream's terms.
 * @example badGateway('catalog', 'answered 500')
 */
export function badGateway(
  upstream: string,
  reason: string,
  cause?: unknown,
  detail: string = UPSTREAM_DETAILS.badGateway,
): DownstreamBadGatewayError {
  return new DownstreamBadGatewayError(upstream, detail, { cause, reason });
}
