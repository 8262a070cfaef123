/**
 * Every error code the framework answers with, and the HTTP status and title each one carries: the one
 * catalog, in core because every lib depends on core. A {@link BffError} subclass (here, in `@bff/auth`, in
 * `@bff/downstream`, ...) declares one of these codes as its `static code`; a code that is not listed here is a
 * type error. The README's "Errors" table is kept in step with this object by a test.
 *
 * Callers branch on `err.code`, never on the message.
 *
 * @example
 * export class DownstreamTimeoutError extends DownstreamError {
 *   static override readonly code = 'BFF_ERR_DOWNSTREAM_TIMEOUT'; // a typo here does not compile
 *   static override readonly status = 504;
 *   static override readonly title = 'Upstream timed out';
 * }
 */
export const BFF_ERROR_CATALOG = {
  // 400
  BFF_ERR_VALIDATION: { status: 400, title: 'Invalid request' },
  BFF_ERR_MALFORMED_BODY: { status: 400, title: 'Malformed request body' },
  BFF_ERR_MALFORMED_REQUEST: { status: 400, title: 'Malformed request' },
  BFF_ERR_REQUEST_REJECTED: { status: 400, title: 'Request rejected' },
  // 400, GraphQL limits (@bff/graphql), checked before execution
  BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE: { status: 400, title: 'GraphQL document too large' },
  BFF_ERR_GRAPHQL_TOO_MANY_TOKENS: { status: 400, title: 'GraphQL document has too many tokens' },
  BFF_ERR_GRAPHQL_TOO_DEEP: { status: 400, title: 'GraphQL operation too deep' },
  BFF_ERR_GRAPHQL_TOO_MANY_ALIASES: { status: 400, title: 'GraphQL operation has too many aliases' },
  BFF_ERR_GRAPHQL_TOO_MANY_DIRECTIVES: { status: 400, title: 'GraphQL operation has too many directives' },
  BFF_ERR_GRAPHQL_BATCH_REJECTED: { status: 400, title: 'GraphQL batch rejected' },
  BFF_ERR_GRAPHQL_COST_EXCEEDED: { status: 400, title: 'GraphQL operation too expensive' },
  BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED: { status: 400, title: 'GraphQL operation not trusted' },
  BFF_ERR_GRAPHQL_CSRF_REJECTED: {
    status: 400,
    title: 'Request blocked as potential cross-site request forgery',
  },
  // 401 / 403
  BFF_ERR_AUTH_MISSING: { status: 401, title: 'Authentication required' },
  BFF_ERR_AUTH_INVALID_TOKEN: { status: 401, title: 'Invalid credentials' },
  BFF_ERR_AUTH_TOKEN_EXPIRED: { status: 401, title: 'Token expired' },
  BFF_ERR_AUTH_FORBIDDEN: { status: 403, title: 'Insufficient scope' },
  BFF_ERR_FORBIDDEN: { status: 403, title: 'Forbidden' },
  // 404 .. 431
  BFF_ERR_ROUTE_NOT_FOUND: { status: 404, title: 'Not found' },
  BFF_ERR_RESOURCE_NOT_FOUND: { status: 404, title: 'Resource not found' },
  BFF_ERR_METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  BFF_ERR_REQUEST_TIMEOUT: { status: 408, title: 'Request timeout' },
  BFF_ERR_CONFLICT: { status: 409, title: 'Conflict' },
  BFF_ERR_JOB_NOT_FINISHED: { status: 409, title: 'Job has no result yet' },
  BFF_ERR_PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload too large' },
  BFF_ERR_URI_TOO_LONG: { status: 414, title: 'URI too long' },
  BFF_ERR_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  BFF_ERR_UNPROCESSABLE: { status: 422, title: 'Unprocessable request' },
  BFF_ERR_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  BFF_ERR_JOB_LIMIT_REACHED: { status: 429, title: 'Too many active jobs' },
  BFF_ERR_HEADERS_TOO_LARGE: { status: 431, title: 'Request header fields too large' },
  BFF_ERR_CLIENT_CLOSED_REQUEST: { status: 499, title: 'Client closed request' },
  // 5xx
  BFF_ERR_INTERNAL: { status: 500, title: 'Internal error' },
  BFF_ERR_CONFIG: { status: 500, title: 'Invalid configuration' },
  BFF_ERR_DOWNSTREAM_BAD_GATEWAY: { status: 502, title: 'Bad upstream response' },
  BFF_ERR_DOWNSTREAM_UNAVAILABLE: { status: 503, title: 'Upstream unavailable' },
  BFF_ERR_CIRCUIT_OPEN: { status: 503, title: 'Upstream temporarily disabled' },
  BFF_ERR_DOWNSTREAM_OVERLOADED: { status: 503, title: 'Upstream overloaded' },
  BFF_ERR_AUTH_UNAVAILABLE: { status: 503, title: 'Authentication unavailable' },
  BFF_ERR_REDIS_UNAVAILABLE: { status: 503, title: 'Shared store unavailable' },
  BFF_ERR_RATE_LIMIT_UNAVAILABLE: { status: 503, title: 'Rate limiting unavailable' },
  BFF_ERR_SHUTTING_DOWN: { status: 503, title: 'Service is shutting down' },
  BFF_ERR_DOWNSTREAM_TIMEOUT: { status: 504, title: 'Upstream timed out' },
  BFF_ERR_DEADLINE_EXCEEDED: { status: 504, title: 'Request deadline exceeded' },
} as const satisfies Record<`BFF_ERR_${string}`, BffErrorCatalogEntry>;

/** What the catalog says about one code. */
export interface BffErrorCatalogEntry {
  /** HTTP status of the answer (499 is only logged: the client is gone; `BFF_ERR_CONFIG` stops startup). */
  readonly status: number;
  /** Short summary, the same for every occurrence of the code (problem+json `title`). */
  readonly title: string;
}

/** Every code in {@link BFF_ERROR_CATALOG}, e.g. `'BFF_ERR_DOWNSTREAM_TIMEOUT'`. */
export type BffErrorCode = keyof typeof BFF_ERROR_CATALOG;

/** True when `code` is a catalog code. */
export function isBffErrorCode(code: unknown): code is BffErrorCode {
  return typeof code === 'string' && Object.hasOwn(BFF_ERROR_CATALOG, code);
}
