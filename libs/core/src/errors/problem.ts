import { HttpException } from '@nestjs/common';
import { BffError, isBffError } from './bff-error';
import {
  InternalError,
  MalformedBodyError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  RouteNotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './core.errors';

/**
 * An RFC 9457 problem details body, as every REST error of the framework is written.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Catalog code, e.g. `BFF_ERR_DOWNSTREAM_TIMEOUT`. */
  code: string;
  requestId?: string;
}

/** Media type of problem details bodies. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

type BffErrorClass = new (detail: string, options?: { cause?: unknown }) => BffError;

/** Fastify's own error codes, mapped onto the catalog. */
const FASTIFY_CODES: Readonly<Record<string, BffErrorClass>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: PayloadTooLargeError,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: UnsupportedMediaTypeError,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: MalformedBodyError,
  FST_ERR_CTP_EMPTY_JSON_BODY: MalformedBodyError,
  FST_ERR_CTP_INVALID_JSON_BODY: MalformedBodyError,
  FST_ERR_BAD_URL: ValidationError,
  FST_ERR_ASYNC_CONSTRAINT: ValidationError,
  FST_ERR_NOT_FOUND: RouteNotFoundError,
};

/** Client-safe details for fastify's errors: their own messages may quote the body. */
const FASTIFY_DETAILS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body exceeds the size limit.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request body has a media type this route does not accept.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the request body.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request declares a JSON body but sends none.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON.',
  FST_ERR_BAD_URL: 'The request URL is malformed.',
};

/** Generic catalog entries for plain HTTP statuses (Nest's HttpExceptions, fastify errors by status). */
const BY_STATUS: Readonly<Record<number, BffErrorClass>> = {
  400: ValidationError,
  404: RouteNotFoundError,
  405: MethodNotAllowedError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  name?: unknown;
}

/**
 * Turns anything thrown into a coded {@link BffError}: coded errors pass through, fastify's codes and Nest's
 * HttpExceptions map onto the catalog, a JSON SyntaxError becomes a 400, and everything else is an
 * {@link InternalError} whose detail never reaches the client.
 */
export function toBffError(err: unknown): BffError {
  if (isBffError(err)) return err;
  const e = (err ?? {}) as FastifyLikeError;
  if (typeof e.code === 'string' && FASTIFY_CODES[e.code]) {
    const Cls = FASTIFY_CODES[e.code];
    return new Cls(FASTIFY_DETAILS[e.code] ?? 'The request could not be processed.', { cause: err });
  }
  if (err instanceof SyntaxError && e.statusCode === 400) {
    return new MalformedBodyError('The request body is not valid JSON.', { cause: err });
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    if (status === 404)
      return new RouteNotFoundError('No route matches this method and path.', { cause: err });
    const Cls = BY_STATUS[status];
    if (Cls) return new Cls(clientMessage(err), { cause: err });
    if (status >= 400 && status < 500) return new (statusError(status))(clientMessage(err), { cause: err });
    return new InternalError('An unexpected error occurred.', { cause: err });
  }
  if (typeof e.statusCode === 'number' && e.name === 'FastifyError' && BY_STATUS[e.statusCode]) {
    return new BY_STATUS[e.statusCode]('The request could not be processed.', { cause: err });
  }
  return new InternalError('An unexpected error occurred.', { cause: err });
}

/** The problem+json body for `err`. Internal errors get a generic detail. */
export function toProblem(err: BffError, requestId?: string): ProblemDetails {
  return {
    type: `urn:bff:error:${err.code
      .replace(/^BFF_ERR_/, '')
      .toLowerCase()
      .replace(/_/g, '-')}`,
    title: err.title,
    status: err.status,
    detail: err.status >= 500 && err instanceof InternalError ? 'An unexpected error occurred.' : err.message,
    code: err.code,
    ...(requestId ? { requestId } : {}),
  };
}

function clientMessage(err: HttpException): string {
  const res = err.getResponse();
  if (typeof res === 'string') return res;
  const message = (res as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : err.message;
}

const statusErrors = new Map<number, BffErrorClass>();

/** A catalog entry for a 4xx that has no dedicated class (e.g. a Nest 409 or 422 thrown by app code). */
function statusError(status: number): BffErrorClass {
  let Cls = statusErrors.get(status);
  if (!Cls) {
    Cls = class HttpStatusError extends BffError {
      static override readonly code = `BFF_ERR_HTTP_${status}`;
      static override readonly status = status;
      static override readonly title = 'Request rejected';
    };
    statusErrors.set(status, Cls);
  }
  return Cls;
}
