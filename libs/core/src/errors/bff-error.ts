import type { BffErrorCode } from './error-catalog';

/** What a {@link BffError} may carry besides its detail. */
export interface BffErrorOptions {
  /** The underlying failure, kept for logs; never rendered to clients. */
  cause?: unknown;
  /** Extra response headers the error requires (`Retry-After`, `WWW-Authenticate`, `Allow`, ...). */
  headers?: Record<string, string>;
  /**
   * Answer status when it differs from the class's: only classes whose catalog entry allows a range use it
   * (see `RequestRejectedError`). Default is the class's `status`.
   */
  status?: number;
}

/**
 * Base of every coded error the framework throws.
 *
 * Each failure is its own class with a `static code` and `status` (fastify's `FST_ERR_*` style), so callers
 * branch on `err.code` and the one global filter turns any of them into problem+json or a GraphQL error
 * without a lookup table. `code` is a {@link BffErrorCode}: a subclass declaring a code that is not in
 * {@link BFF_ERROR_CATALOG} does not compile, and a test checks its `status` and `title` against the catalog.
 *
 * @example
 * export class DownstreamTimeoutError extends BffError {
 *   static override readonly code = 'BFF_ERR_DOWNSTREAM_TIMEOUT';
 *   static override readonly status = 504;
 *   static override readonly title = 'Upstream timed out';
 * }
 * @see https://www.rfc-editor.org/rfc/rfc9457 (Problem Details for HTTP APIs)
 */
export abstract class BffError extends Error {
  /** Stable, documented error code, e.g. `BFF_ERR_DOWNSTREAM_TIMEOUT`. */
  static readonly code: BffErrorCode = 'BFF_ERR_INTERNAL';
  /** HTTP status the error maps to. */
  static readonly status: number = 500;
  /** Short, human-readable summary; the same for every occurrence of the code. */
  static readonly title: string = 'Internal error';

  readonly code: BffErrorCode;
  readonly status: number;
  readonly title: string;
  /** Extra response headers the error requires (`Retry-After`, `WWW-Authenticate`, ...). */
  readonly headers: Readonly<Record<string, string>>;

  constructor(detail: string, options: BffErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = this.constructor as typeof BffError;
    this.name = ctor.name;
    this.code = ctor.code;
    this.status = options.status ?? ctor.status;
    this.title = ctor.title;
    this.headers = options.headers ?? {};
  }

  /** True for errors that are the caller's fault (4xx). */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/** True when `err` is one of the framework's coded errors (also across duplicated module copies). */
export function isBffError(err: unknown): err is BffError {
  return (
    err instanceof BffError ||
    (typeof err === 'object' &&
      err !== null &&
      typeof (err as BffError).code === 'string' &&
      (err as BffError).code.startsWith('BFF_ERR_') &&
      typeof (err as BffError).status === 'number')
  );
}
