import { BffError, type BffErrorOptions } from './bff-error';
import type { BffErrorCode } from './error-catalog';

/** The request is malformed: a bad parameter, query or body field. */
export class ValidationError extends BffError {
  static override readonly code = 'BFF_ERR_VALIDATION';
  static override readonly status = 400;
  static override readonly title = 'Invalid request';
}

/** The request body is not valid JSON. */
export class MalformedBodyError extends BffError {
  static override readonly code = 'BFF_ERR_MALFORMED_BODY';
  static override readonly status = 400;
  static override readonly title = 'Malformed request body';
}

/**
 * The request itself is malformed at the protocol level, before any route: a bad request line, a URL that is
 * not valid percent-encoding, a missing or repeated `Host` header, an invalid header. The detail never quotes
 * the request.
 */
export class MalformedRequestError extends BffError {
  static override readonly code = 'BFF_ERR_MALFORMED_REQUEST';
  static override readonly status = 400;
  static override readonly title = 'Malformed request';
}

/**
 * A client error (4xx) with no dedicated catalog entry, e.g. a Nest `GoneException` thrown by app code. The
 * answer keeps the thrown status (any 4xx; 400 otherwise).
 * @example throw new RequestRejectedError('This export has expired.', { status: 410 });
 */
export class RequestRejectedError extends BffError {
  static override readonly code = 'BFF_ERR_REQUEST_REJECTED';
  static override readonly status = 400;
  static override readonly title = 'Request rejected';

  constructor(detail: string, options: BffErrorOptions = {}) {
    const status = options.status;
    super(detail, {
      ...options,
      status:
        status !== undefined && Number.isInteger(status) && status >= 400 && status < 500 ? status : 400,
    });
  }
}

/** No route matches the method and path. */
export class RouteNotFoundError extends BffError {
  static override readonly code = 'BFF_ERR_ROUTE_NOT_FOUND';
  static override readonly status = 404;
  static override readonly title = 'Not found';
}

/** The addressed resource does not exist (or is not visible to the caller). */
export class ResourceNotFoundError extends BffError {
  static override readonly code = 'BFF_ERR_RESOURCE_NOT_FOUND';
  static override readonly status = 404;
  static override readonly title = 'Resource not found';
}

/** The method is not allowed on this route. */
export class MethodNotAllowedError extends BffError {
  static override readonly code = 'BFF_ERR_METHOD_NOT_ALLOWED';
  static override readonly status = 405;
  static override readonly title = 'Method not allowed';
}

/**
 * The client did not send its request line and headers, or its whole request, within the configured time
 * (`headersTimeoutMs`, `bodyTimeoutMs`): answered on the socket when a response is still possible, then closed.
 */
export class RequestTimeoutError extends BffError {
  static override readonly code = 'BFF_ERR_REQUEST_TIMEOUT';
  static override readonly status = 408;
  static override readonly title = 'Request timeout';
}

/** The request conflicts with the resource's current state (e.g. an idempotent write still in progress). */
export class ConflictError extends BffError {
  static override readonly code = 'BFF_ERR_CONFLICT';
  static override readonly status = 409;
  static override readonly title = 'Conflict';
}

/** The request is well-formed but cannot be processed (e.g. an idempotency key reused with another body). */
export class UnprocessableError extends BffError {
  static override readonly code = 'BFF_ERR_UNPROCESSABLE';
  static override readonly status = 422;
  static override readonly title = 'Unprocessable request';
}

/** The request's URL (or one of its path parameters) is longer than the router accepts. */
export class UriTooLongError extends BffError {
  static override readonly code = 'BFF_ERR_URI_TOO_LONG';
  static override readonly status = 414;
  static override readonly title = 'URI too long';
}

/** The request's header section is larger than the server accepts (Node's `maxHeaderSize`, 16 KiB by default). */
export class HeadersTooLargeError extends BffError {
  static override readonly code = 'BFF_ERR_HEADERS_TOO_LARGE';
  static override readonly status = 431;
  static override readonly title = 'Request header fields too large';
}

/** The request body exceeds the configured limit. */
export class PayloadTooLargeError extends BffError {
  static override readonly code = 'BFF_ERR_PAYLOAD_TOO_LARGE';
  static override readonly status = 413;
  static override readonly title = 'Payload too large';
}

/** The request body's media type is not accepted by this route. */
export class UnsupportedMediaTypeError extends BffError {
  static override readonly code = 'BFF_ERR_UNSUPPORTED_MEDIA_TYPE';
  static override readonly status = 415;
  static override readonly title = 'Unsupported media type';
}

/** The request's time budget ran out before an answer could be produced. */
export class DeadlineExceededError extends BffError {
  static override readonly code = 'BFF_ERR_DEADLINE_EXCEEDED';
  static override readonly status = 504;
  static override readonly title = 'Request deadline exceeded';
}

/** The process is shutting down and no longer accepts work; carries `Retry-After` (another instance can answer). */
export class ShuttingDownError extends BffError {
  static override readonly code = 'BFF_ERR_SHUTTING_DOWN';
  static override readonly status = 503;
  static override readonly title = 'Service is shutting down';
}

/** Anything unexpected: the detail is never shown to clients. */
export class InternalError extends BffError {
  static override readonly code = 'BFF_ERR_INTERNAL';
  static override readonly status = 500;
  static override readonly title = 'Internal error';
}

/** Thrown at startup when configuration is missing or invalid; names the variable and the problem. */
export class ConfigError extends Error {
  static readonly code = 'BFF_ERR_CONFIG' satisfies BffErrorCode;
  readonly code = ConfigError.code;
  constructor(
    /** One line per problem: `VARIABLE: what is wrong`. */
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** The client went away before the answer; nothing is written, the status (499) is only logged. */
export class ClientClosedRequestError extends BffError {
  static override readonly code = 'BFF_ERR_CLIENT_CLOSED_REQUEST';
  static override readonly status = 499;
  static override readonly title = 'Client closed request';
}

/** The caller is authenticated but may not use this resource. */
export class ForbiddenError extends BffError {
  static override readonly code = 'BFF_ERR_FORBIDDEN';
  static override readonly status = 403;
  static override readonly title = 'Forbidden';
}
