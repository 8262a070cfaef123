import { BffError } from './bff-error';

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

/** The process is shutting down and no longer accepts work. */
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
  static readonly code = 'BFF_ERR_CONFIG';
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
