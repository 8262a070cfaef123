import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { type BffError, isBffError } from './bff-error';
import {
  ConflictError,
  ForbiddenError,
  HeadersTooLargeError,
  InternalError,
  MalformedBodyError,
  MalformedRequestError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  RequestRejectedError,
  RequestTimeoutError,
  RouteNotFoundError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  UriTooLongError,
  ValidationError,
} from './core.errors';
import type { BffErrorCode } from './error-catalog';

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
  code: BffErrorCode;
  requestId?: string;
}

/** Media type of problem details bodies. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

type BffErrorClass = new (detail: string, options?: { cause?: unknown }) => BffError;

/**
 * Fastify's (and its plugins') own error codes, mapped onto the catalog with a client-safe detail: their own
 * messages may quote the URL or the body.
 */
const FASTIFY_CODES: Readonly<Record<string, readonly [BffErrorClass, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [PayloadTooLargeError, 'The request body exceeds the size limit.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    UnsupportedMediaTypeError,
    'The request body has a media type this route does not accept.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [MalformedBodyError, 'Content-Length does not match the request body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [MalformedBodyError, 'The request declares a JSON body but sends none.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [MalformedBodyError, 'The request body is not valid JSON.'],
  FST_ERR_BAD_URL: [MalformedRequestError, 'The request URL is not valid percent-encoding.'],
  FST_ERR_MAX_PARAM_LENGTH: [UriTooLongError, 'A path parameter is longer than allowed.'],
  FST_ERR_ASYNC_CONSTRAINT: [ValidationError, 'The request could not be processed.'],
  FST_ERR_NOT_FOUND: [RouteNotFoundError, 'No route matches this method and path.'],
  FST_CP_ERR_INVALID_CONTENT_ENCODING: [
    UnsupportedMediaTypeError,
    'The request body has a content encoding this server does not accept.',
  ],
  FST_CP_ERR_INVALID_CONTENT: [MalformedBodyError, 'The request body could not be decompressed.'],
};

/**
 * Catalog entries for plain HTTP statuses: Nest's HttpExceptions thrown by app code and fastify errors known
 * only by status. Any other 4xx is a {@link RequestRejectedError} keeping its status; any other 5xx is internal.
 */
const BY_STATUS: Readonly<Record<number, BffErrorClass>> = {
  400: ValidationError,
  403: ForbiddenError,
  404: RouteNotFoundError,
  405: MethodNotAllowedError,
  408: RequestTimeoutError,
  409: ConflictError,
  413: PayloadTooLargeError,
  414: UriTooLongError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableError,
  431: HeadersTooLargeError,
};

interface FastifyLikeError {
  code?: unknown;
  statusCode?: unknown;
  name?: unknown;
}

/**
 * Turns anything thrown into a coded {@link BffError}: coded errors pass through, fastify's codes and Nest's
 * HttpExceptions map onto the catalog, a JSON SyntaxError becomes a 400, and everything else is an
 * {@link InternalError} whose detail never reaches the client. No class is created here: every answer is a
 * fixed catalog entry.
 */
export function toBffError(err: unknown): BffError {
  if (isBffError(err)) return err;
  const e = (err ?? {}) as FastifyLikeError;
  if (typeof e.code === 'string' && Object.hasOwn(FASTIFY_CODES, e.code)) {
    const [Cls, detail] = FASTIFY_CODES[e.code];
    return new Cls(detail, { cause: err });
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
    if (status >= 400 && status < 500)
      return new RequestRejectedError(clientMessage(err), { status, cause: err });
    return new InternalError('An unexpected error occurred.', { cause: err });
  }
  if (typeof e.statusCode === 'number' && e.name === 'FastifyError') {
    const Cls = BY_STATUS[e.statusCode];
    if (Cls) return new Cls('The request could not be processed.', { cause: err });
    if (e.statusCode >= 400 && e.statusCode < 500)
      return new RequestRejectedError('The request could not be processed.', {
        status: e.statusCode,
        cause: err,
      });
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

/**
 * A whole HTTP/1.1 response carrying `err` as problem+json, for the answers written on the raw socket before
 * Fastify runs (Node's parser errors, the header and body timeouts). It always closes the connection: after a
 * protocol error the rest of the stream cannot be trusted.
 * @example socket.end(rawProblemResponse(new RequestTimeoutError('...'), randomUUID()))
 */
export function rawProblemResponse(err: BffError, requestId: string): string {
  const body = JSON.stringify(toProblem(err, requestId));
  let head =
    `HTTP/1.1 ${err.status} ${STATUS_CODES[err.status] ?? 'Error'}\r\n` +
    `content-type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\n` +
    `x-request-id: ${requestId}\r\n` +
    'connection: close\r\n';
  for (const [name, value] of Object.entries(err.headers)) head += `${name}: ${value}\r\n`;
  return `${head}\r\n${body}`;
}

function clientMessage(err: HttpException): string {
  const res = err.getResponse();
  if (typeof res === 'string') return res;
  const message = (res as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : err.message;
}
