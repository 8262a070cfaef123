import type { RequestContext } from '@bff/core';
import type { UpstreamCall } from './upstream-call';

/** Caller headers that differ per call and say nothing about the answer: never part of a key. */
const PER_CALL_HEADERS = new Set([
  'x-request-id',
  'traceparent',
  'tracestate',
  'x-request-timeout-ms',
  'x-user-id',
  'x-client-id',
  'x-tenant-id',
]);

/**
 * What makes two calls of one upstream the same call, for coalescing and caching: method, target (path and
 * query), the caller's headers except the per-call ones (request id, trace context, budget, identity) and,
 * unless `identity` is false, the verified identity (`ctx.principal`). Two calls with different keys must never
 * share an answer.
 * @example callKey(call) // 'GET /users/u1\n\u0000user\u0000u1\u0000\u0000'
 */
export function callKey(call: UpstreamCall, identity = true): string {
  let key = `${call.method} ${call.target}\n${identity ? identityKey(call.ctx) : '*'}`;
  const headers = call.options.headers;
  if (headers) {
    const kept: string[] = [];
    for (const name in headers) {
      const lower = name.toLowerCase();
      if (!PER_CALL_HEADERS.has(lower)) kept.push(`${lower}:${headers[name]}`);
    }
    key += `\n${kept.sort().join('\n')}`;
  }
  return key;
}

/**
 * The verified identity a call is made for: kind, subject, client and tenant of `ctx.principal` (`-` outside any
 * request or without a principal).
 */
export function identityKey(ctx: RequestContext | undefined): string {
  const principal = ctx?.principal;
  if (!principal) return '-';
  return `\u0000${principal.kind}\u0000${principal.subject}\u0000${principal.clientId ?? ''}\u0000${principal.tenant ?? ''}`;
}
