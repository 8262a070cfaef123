import type { FastifyInstance } from 'fastify';
import type { ServerSpan, Tracing } from './tracing.options';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's server span, when the app traces (see `@bff/observability`, "Tracing"). */
    bffSpan: ServerSpan | null;
  }
}

/**
 * Records a server span per request: started right after core's `onRequest` made the request's context
 * (continuing the client's `traceparent`, whose ids the context then carries), ended when the answer is sent
 * or the client leaves. Installed only when the app traces: an app without tracing has none of these hooks.
 */
export function installTracingHooks(fastify: FastifyInstance, tracing: Tracing): void {
  if (!fastify.hasRequestDecorator('bffSpan')) fastify.decorateRequest('bffSpan', null);
  fastify.addHook('onRequest', function startServerSpan(request, _reply, done) {
    const ctx = request.bffContext;
    if (ctx !== null) request.bffSpan = tracing.startServer(request, ctx.trace);
    done();
  });
  fastify.addHook('onRequestAbort', function endAbandonedSpan(request, done) {
    request.bffSpan?.end(request, undefined);
    done();
  });
  fastify.addHook('onResponse', function endServerSpan(request, reply, done) {
    request.bffSpan?.end(request, reply.statusCode);
    done();
  });
}
