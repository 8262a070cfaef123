import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import {
  CancelScope,
  Deadline,
  newSpanId,
  newTraceId,
  RequestContext,
  RequestContextStore,
  TraceContext,
} from '../context';
import { RootRequestContext } from '../context/request-context.factory';
import { ClientClosedRequestError, DeadlineExceededError } from '../errors';
import { ORIGINAL_ERROR } from '../errors/problem.filter';
import { systemClock, type Clock } from '../time';
import type { StaticHeader } from './security-headers';

/** Inbound `x-request-id` values accepted as-is; anything else is replaced by a generated id. */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** W3C traceparent, version 00. @see https://www.w3.org/TR/trace-context/#traceparent-header */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);

/**
 * Identity headers a client could send to impersonate someone: removed on ingress so only the verified
 * principal can ever speak for the caller (Kong's and Envoy's hygiene).
 */
export const SPOOFABLE_IDENTITY_HEADERS: readonly RegExp[] = [
  /^x-user(-|$)/,
  /^x-consumer(-|$)/,
  /^x-client-id$/,
  /^x-tenant(-|$)/,
  /^x-principal(-|$)/,
  /^x-authenticated(-|$)/,
  /^x-auth-/,
  /^x-forwarded-user$/,
  /^x-remote-user$/,
  /^x-scopes?$/,
  /^remote-user$/,
];

/** Options of the per-request hooks. */
export interface RequestHooksOptions {
  /** Whole-request budget in milliseconds. */
  requestTimeoutMs: number;
  /** Header name patterns removed on ingress. */
  stripHeaders: readonly RegExp[];
  /** Clock of every request's deadline and its timer. Default is `systemClock`. */
  clock?: Clock;
  /**
   * Headers every answer carries, as `[lower-case name, value]` (the security headers, see `securityHeaders`):
   * written by the same hook as `x-request-id`. Default is none.
   */
  responseHeaders?: readonly StaticHeader[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context (also reachable through `RequestContextStore.current()`). */
    bffContext: RequestContext | null;
  }
}

/** Accepts a well-formed client `x-request-id`, else generates one (fastify's `genReqId`). */
export function genRequestId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const inbound = req.headers['x-request-id'];
  return typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/** Continues a valid inbound trace with a new span, or starts a new trace. */
export function traceFrom(traceparent: unknown, tracestate: unknown): TraceContext {
  const m = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent) : null;
  const spanId = newSpanId();
  if (m && m[1] !== ZERO_TRACE && m[2] !== '0000000000000000') {
    return {
      traceId: m[1],
      spanId,
      flags: m[3],
      ...(typeof tracestate === 'string' ? { traceState: tracestate } : {}),
    };
  }
  return { traceId: newTraceId(), spanId, flags: '01' };
}

/**
 * Installs the hooks every request goes through before any route: header hygiene, request id, the static
 * response headers (security headers), trace context, the request's cancellation scope with its deadline (fired at the deadline or on client
 * disconnect), the AsyncLocalStorage context, and the access log.
 */
export function installRequestHooks(fastify: FastifyInstance, options: RequestHooksOptions): void {
  const { requestTimeoutMs, stripHeaders, responseHeaders = [] } = options;
  const clock = options.clock ?? systemClock;
  // Declared up front so every request object keeps one shape (fastify's guidance for decorations).
  if (!fastify.hasRequestDecorator('bffContext')) fastify.decorateRequest('bffContext', null);

  fastify.addHook('onRequest', function bffOnRequest(request, reply, done) {
    stripIdentityHeaders(request, stripHeaders);
    reply.header('x-request-id', request.id);
    for (let i = 0; i < responseHeaders.length; i++)
      reply.header(responseHeaders[i][0], responseHeaders[i][1]);
    const scope = new CancelScope({
      deadline: Deadline.after(requestTimeoutMs, clock),
      deadlineReason: requestDeadlineReason,
    });
    const onClose = (): void => {
      if (!reply.raw.writableFinished && !scope.aborted) {
        scope.cancel(new ClientClosedRequestError('The client closed the connection before the answer.'));
      }
      scope.dispose();
    };
    reply.raw.once('close', onClose);
    const ctx = new RootRequestContext(
      String(request.id),
      traceFrom(request.headers.traceparent, request.headers.tracestate),
      scope,
      request.log,
      undefined,
      request.headers,
    );
    request.bffContext = ctx;
    RequestContextStore.run(ctx, done);
  });

  // Body parsing runs on socket callbacks outside the context: re-enter it for guards and handlers.
  fastify.addHook('preHandler', function bffPreHandler(request, _reply, done) {
    const ctx = request.bffContext;
    if (ctx) RequestContextStore.run(ctx, done);
    else done();
  });

  // Nest re-wraps fastify's own errors without their code: keep the original for the problem filter.
  fastify.addHook('onError', function bffOnError(request, _reply, error, done) {
    (request as FastifyRequest & { [ORIGINAL_ERROR]?: unknown })[ORIGINAL_ERROR] = error;
    done();
  });

  fastify.addHook('onResponse', function bffAccessLog(request: FastifyRequest, reply: FastifyReply, done) {
    if ((request.log as Logger).isLevelEnabled('info'))
      request.log.info(accessLine(request, reply), 'request completed');
    done();
  });
}

/**
 * The access line of one request: route template (never the raw path), status, duration, trace id, the
 * verified principal's kind and id, upstream calls made, degraded parts (`part:code`) and the rate-limit
 * decision as the `RateLimit` header stated it (plus `limited: true` on a 429). The request id is the
 * logger's binding. No header, query or body is logged.
 */
export function accessLine(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const ctx = request.bffContext;
  const line: Record<string, unknown> = {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    status: reply.statusCode,
    durationMs: Math.round(reply.elapsedTime * 10) / 10,
  };
  if (ctx === null) return line;
  line.traceId = ctx.trace.traceId;
  if (ctx.principal !== undefined) {
    line.principalKind = ctx.principal.kind;
    line.principalId = ctx.principal.subject;
  }
  line.upstreamCalls = ctx.upstreamCalls;
  if (ctx.degraded.length > 0) line.degraded = ctx.degraded.map((d) => `${d.part}:${d.code}`);
  const rateLimit = reply.getHeader('ratelimit');
  if (rateLimit !== undefined) line.rateLimit = String(rateLimit);
  if (reply.statusCode === 429) line.limited = true;
  return line;
}

/** Why a request's scope is cancelled at its deadline (one function for every request: no closure each). */
function requestDeadlineReason(deadline: Deadline): DeadlineExceededError {
  return new DeadlineExceededError(`The request did not complete within ${deadline.budgetMs} ms.`);
}

function stripIdentityHeaders(request: FastifyRequest, patterns: readonly RegExp[]): void {
  for (const name of Object.keys(request.headers)) {
    if (name.charCodeAt(0) !== 120 /* x */ && name !== 'remote-user') continue;
    if (patterns.some((p) => p.test(name))) delete request.headers[name];
  }
}
