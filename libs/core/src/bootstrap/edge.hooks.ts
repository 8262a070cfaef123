import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type BffError,
  HeadersTooLargeError,
  MalformedRequestError,
  MethodNotAllowedError,
  RequestTimeoutError,
  rawProblemResponse,
  toBffError,
} from '../errors';
import { sendProblem } from '../errors/problem.filter';

/** How long a socket answered with a raw problem may linger so the answer reaches the client, in ms. */
const RAW_ANSWER_LINGER_MS = 1000;

/**
 * Fastify `clientErrorHandler`: what Node's HTTP parser rejects before fastify runs (oversized headers, a
 * malformed request line or header, the header and body timeouts) is answered as problem+json on the raw socket
 * (431 `BFF_ERR_HEADERS_TOO_LARGE`, 400 `BFF_ERR_MALFORMED_REQUEST`, 408 `BFF_ERR_REQUEST_TIMEOUT`), never
 * quoting the request, then the connection is closed. Nothing is written once an answer has started on the socket.
 * @see https://nodejs.org/api/http.html#event-clienterror
 */
export function bffClientErrorHandler(this: FastifyInstance, error: Error, socket: Socket): void {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const err = clientError(code, error);
  const requestId = randomUUID();
  this.log.debug({ code: err.code, cause: code, requestId }, 'client error before routing');
  const pending = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (pending?.headersSent) {
    socket.destroy();
    return;
  }
  socket.end(rawProblemResponse(err, requestId));
  const linger = setTimeout(function destroyLingeringSocket() {
    socket.destroy();
  }, RAW_ANSWER_LINGER_MS);
  linger.unref();
  socket.once('close', function clearLinger() {
    clearTimeout(linger);
  });
}

function clientError(code: string | undefined, cause: Error): BffError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new RequestTimeoutError('The request was not received in time.', { cause });
  if (code === 'HPE_HEADER_OVERFLOW')
    return new HeadersTooLargeError('The request headers exceed the size limit.', { cause });
  return new MalformedRequestError('The request is not valid HTTP.', { cause });
}

/**
 * Fastify `frameworkErrors`: the router's own errors (a URL that is not valid percent-encoding, an overlong
 * path parameter) become problem+json with a fixed detail; fastify's would quote the path.
 */
export function bffFrameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const err = toBffError(error);
  request.log.debug({ code: err.code, cause: error.code }, 'request rejected by the router');
  sendProblem(reply, err, String(request.id));
}

/**
 * Installs the checks every request passes before its body is read, once the onRequest hooks (request id,
 * CORS, security headers) have run, so their headers are on these answers too:
 * - HTTP/1.1 without exactly one `Host` header → 400 `BFF_ERR_MALFORMED_REQUEST` (RFC 9112 §3.2);
 * - a path that exists with another method → 405 `BFF_ERR_METHOD_NOT_ALLOWED` with `Allow`; a path that does
 *   not exist stays 404. Only requests fastify did not route pay for the lookup (one router match per method
 *   in use), so parametric routes such as `/v1/orders/:id` are matched exactly as fastify matches them.
 */
export function installEdgeHooks(fastify: FastifyInstance): void {
  const methods = new Set<string>();
  /** Methods with a catch-all route (CORS's `OPTIONS *`): they match every path, so they prove nothing. */
  const everywhere = new Set<string>();
  fastify.addHook('onRoute', function recordRouteMethods(route) {
    const catchAll = route.url === '*' || route.url === '/*';
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      (catchAll ? everywhere : methods).add(method.toUpperCase());
      if (method.toUpperCase() === 'GET' && route.exposeHeadRoute !== false) methods.add('HEAD');
    }
  });

  function allowedMethods(url: string): string | undefined {
    let allow: string[] | undefined;
    for (const method of methods) {
      if (everywhere.has(method)) continue;
      if (fastify.findRoute({ method: method as 'GET', url })) (allow ??= []).push(method);
    }
    if (!allow) return undefined;
    for (const method of everywhere) if (!allow.includes(method)) allow.push(method);
    return allow.join(', ');
  }

  fastify.addHook('preParsing', function bffEdgeChecks(request, _reply, payload, done) {
    const hostProblem = hostHeaderProblem(request.raw);
    if (hostProblem) return done(new MalformedRequestError(hostProblem));
    if (request.is404) {
      const allow = allowedMethods(request.url);
      if (allow) {
        return done(
          new MethodNotAllowedError('This path does not support the request method.', { headers: { allow } }),
        );
      }
    }
    done(null, payload);
  });
}

/** Why the request's `Host` header is unacceptable, or undefined. HTTP/1.0 may omit it. */
function hostHeaderProblem(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  let hosts = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    if (name.length === 4 && name.toLowerCase() === 'host') hosts++;
  }
  if (hosts > 1) return 'The request carries more than one Host header.';
  if (hosts === 0 && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1)
    return 'The request carries no Host header.';
  return undefined;
}
