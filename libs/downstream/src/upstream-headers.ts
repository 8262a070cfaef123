import { newSpanId, type RequestContext } from '@bff/core';

/** Identity headers only the client itself may set, from the verified principal. */
export const IDENTITY_HEADERS: readonly string[] = ['x-user-id', 'x-client-id', 'x-tenant-id'];

/** Header carrying the remaining time budget (in milliseconds) to the upstream. */
export const REQUEST_TIMEOUT_HEADER = 'x-request-timeout-ms';

/**
 * Builds the headers of one upstream call: caller headers (lower-cased, identity ones dropped when identity is
 * propagated), then request id, W3C trace context with a new span id, verified identity and the time budget.
 * @example
 * buildCallHeaders({ ctx, callerHeaders: { accept: 'application/json' }, budgetMs: 800, propagateIdentity: true })
 * // { 'x-request-id': 'r1', traceparent: '00-<trace>-<new span>-01', 'x-user-id': 'u1', 'x-request-timeout-ms': '800', ... }
 * @see https://www.w3.org/TR/trace-context/
 */
export function buildCallHeaders(input: {
  ctx: RequestContext | undefined;
  callerHeaders: Record<string, string> | undefined;
  budgetMs: number | undefined;
  propagateIdentity: boolean;
  hasBody: boolean;
  /** The attempt's span, when it is traced: its id and flags go in `traceparent`. Default is a fresh span id. */
  span?: { spanId: string; flags: string };
}): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(input.callerHeaders ?? {})) {
    const key = name.toLowerCase();
    if (input.propagateIdentity && IDENTITY_HEADERS.includes(key)) continue;
    headers[key] = value;
  }
  if (input.hasBody) headers['content-type'] = 'application/json';
  const { ctx } = input;
  if (ctx) {
    headers['x-request-id'] = ctx.requestId;
    const { traceId, flags, traceState } = ctx.trace;
    const { span } = input;
    headers.traceparent =
      span === undefined
        ? `00-${traceId}-${newSpanId()}-${flags}`
        : `00-${traceId}-${span.spanId}-${span.flags}`;
    if (traceState) headers.tracestate = traceState;
    else if (headers.tracestate !== undefined) delete headers.tracestate;
    const principal = ctx.principal;
    if (input.propagateIdentity && principal) {
      if (principal.kind === 'user') headers['x-user-id'] = principal.subject;
      else headers['x-client-id'] = principal.clientId ?? principal.subject;
      if (principal.tenant) headers['x-tenant-id'] = principal.tenant;
    }
  }
  if (input.budgetMs !== undefined)
    headers[REQUEST_TIMEOUT_HEADER] = String(Math.max(1, Math.floor(input.budgetMs)));
  return headers;
}

/** `path` plus the encoded query (`undefined` values skipped, arrays repeat the key). */
export function withQuery(
  path: string,
  query: Record<string, string | number | undefined | readonly string[]> | undefined,
): string {
  if (!query) return path;
  // Same encoding as URLSearchParams (form-style: space as +), without building one per call.
  let qs = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    const name = encodeQueryComponent(key);
    for (const item of Array.isArray(value) ? value : [value]) {
      qs += `${qs ? '&' : ''}${name}=${encodeQueryComponent(String(item))}`;
    }
  }
  if (!qs) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`;
}

/** Characters encodeURIComponent leaves alone but form encoding (URLSearchParams) does not. */
const FORM_ONLY = /[ !'()~]/;

/** `application/x-www-form-urlencoded` encoding of one key or value, as URLSearchParams writes it. */
function encodeQueryComponent(value: string): string {
  const encoded = encodeURIComponent(value);
  if (!FORM_ONLY.test(value)) return encoded;
  return encoded
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
