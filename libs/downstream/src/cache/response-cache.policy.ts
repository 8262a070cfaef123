import { systemClock, type Clock } from '@bff/core';
import { classify } from '../call-failure';
import { callKey } from '../call-key';
import type { CallPolicy } from '../call-policy';
import type { CallOutcome, UpstreamResponse } from '../downstream.options';
import { reportStale } from '../part-context';
import { routeMatcher } from '../route-matcher';
import type { UpstreamCall } from '../upstream-call';
import { parseCacheControl } from './cache-control';
import type { CachedAnswer, ResponseCacheStore } from './response-cache.store';

/** What an upstream's `cache` option says (see {@link responseCachePolicy}). */
export interface ResponseCacheOptions {
  /** Routes (operations) cached (see `routeMatcher`). Default is every GET route of the upstream. */
  routes?: readonly string[];
  /**
   * True when the upstream's answers do not depend on who asks (a catalog): one entry serves every caller, as a
   * shared cache (`s-maxage` wins, `private` answers are not stored). Default is false: entries are kept per
   * verified identity, as a private cache, and `private` answers are stored.
   */
  shared?: boolean;
}

/** Failures a stale answer may stand in for: the upstream's, or a policy's refusal to call it. */
const STALE_ON: ReadonlySet<CallOutcome> = new Set<CallOutcome>([
  'timeout',
  'unavailable',
  'bad_gateway',
  'circuit_open',
  'rejected',
]);

/** Headers kept with a cached answer. */
const KEPT_HEADERS = ['content-type', 'cache-control'];

/**
 * A response cache with stale-if-error for GETs, honouring the upstream's `Cache-Control`: `max-age` (or
 * `s-maxage` when `shared`) says how long an answer is fresh (served with outcome `cache_hit`, no call),
 * `stale-if-error` how long after that it may still answer when the upstream fails, times out, or a breaker or
 * bulkhead refuses the call (outcome `stale`; the part is reported degraded with `stale: true`); `no-store`
 * answers are never stored, `private` ones only in a per-identity cache, `no-cache` ones only as stale copies.
 * Only 200 answers are stored. A store that is down is a miss, never a failure.
 *
 * @example
 * createUpstreamClient('catalog', { baseUrl, cache: { routes: ['/products/*'], shared: true } });
 * // or by hand: policies: [responseCachePolicy(new MemoryResponseCacheStore(), { shared: true })]
 * @see https://www.rfc-editor.org/rfc/rfc9111, https://www.rfc-editor.org/rfc/rfc5861
 */
export function responseCachePolicy(
  store: ResponseCacheStore,
  options: ResponseCacheOptions = {},
  clock: Clock = systemClock,
): CallPolicy {
  const matches = routeMatcher(options.routes);
  const shared = options.shared === true;

  function remember(key: string, response: UpstreamResponse<unknown>, now: number): void {
    if (response.status !== 200) return;
    const header = response.headers['cache-control'];
    const cc = parseCacheControl(header);
    if (cc.noStore || (cc.private && shared)) return;
    const age = Number(response.headers.age) || 0;
    const lifetimeSec = cc.noCache
      ? 0
      : Math.max(0, ((shared ? cc.sMaxAge : undefined) ?? cc.maxAge ?? 0) - age);
    const staleSec = cc.staleIfError ?? 0;
    if (lifetimeSec + staleSec <= 0) return;
    const freshUntil = now + lifetimeSec * 1000;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const answer: CachedAnswer = {
      status: response.status,
      headers,
      body: response.body,
      freshUntil,
      staleUntil: freshUntil + staleSec * 1000,
      ...(response.bodyBytes !== undefined ? { bodyBytes: response.bodyBytes } : {}),
    };
    void Promise.resolve(store.set(key, answer, answer.staleUntil - now)).catch(() => undefined);
  }

  async function lookup(key: string): Promise<CachedAnswer | undefined> {
    try {
      return await store.get(key);
    } catch {
      return undefined;
    }
  }

  return {
    name: 'cache',
    execute: async function cacheCall(call: UpstreamCall, next) {
      if (call.method !== 'GET' || !matches(call.route)) return next(call);
      const key = callKey(call, !shared);
      const cached = await lookup(key);
      if (cached && cached.freshUntil > clock.epochMs()) {
        call.outcome = 'cache_hit';
        return answerOf(cached);
      }
      try {
        const response = await next(call);
        remember(key, response, clock.epochMs());
        return response;
      } catch (err) {
        const failure = classify(call, err);
        if (!cached || cached.staleUntil <= clock.epochMs() || !STALE_ON.has(failure.outcome)) throw err;
        call.outcome = 'stale';
        reportStale(call.ctx, call.upstream, failure.error);
        return answerOf(cached);
      }
    },
  };
}

function answerOf(cached: CachedAnswer): UpstreamResponse<unknown> {
  return { status: cached.status, ok: true, body: cached.body, headers: { ...cached.headers } };
}
