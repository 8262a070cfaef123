import type { RequestContext } from '@bff/core';
import type { FastifyInstance } from 'fastify';
import type { UpstreamCallMetric } from './metrics.service';

/** Who gets a `Server-Timing` header: every answer (the demo stack), or principals with `bff:debug` only. */
export type ServerTimingMode = 'all' | 'debug';

/** The scope that asks for `Server-Timing` outside the demo stack. */
export const DEBUG_SCOPE = 'bff:debug';

/**
 * Records one upstream call as a `Server-Timing` entry on the request's context, when its answer will carry
 * the header; otherwise does nothing (no string, no array).
 * @example onCall: (call) => recordServerTiming(RequestContextStore.current(), call, 'debug')
 */
export function recordServerTiming(
  ctx: RequestContext | undefined,
  call: UpstreamCallMetric,
  mode: ServerTimingMode,
): void {
  if (ctx === undefined) return;
  if (mode !== 'all' && !(ctx.principal?.scopes.includes(DEBUG_SCOPE) ?? false)) return;
  const status = call.status === undefined ? '' : ` ${call.status}`;
  (ctx.serverTiming ??= []).push(
    `${call.upstream};dur=${Math.round(call.durationMs * 10) / 10};desc="${call.method}${status} ${call.outcome}"`,
  );
}

/**
 * Adds `Server-Timing` to the answers whose context collected entries: one per upstream call (name, duration,
 * method, status and outcome: `ok`, `cache_hit`, `stale`, `retried`, `circuit_open`, ...) and `bff` for the
 * whole request so far. Browser devtools show it in the request's Timing tab.
 * @see https://www.w3.org/TR/server-timing/
 */
export function installServerTiming(fastify: FastifyInstance): void {
  fastify.addHook('onSend', function addServerTiming(request, reply, payload, done) {
    const entries = request.bffContext?.serverTiming;
    if (entries !== undefined) {
      const total = `bff;dur=${Math.round(reply.elapsedTime * 10) / 10}`;
      reply.header('server-timing', entries.length === 0 ? total : `${entries.join(', ')}, ${total}`);
    }
    done(null, payload);
  });
}
