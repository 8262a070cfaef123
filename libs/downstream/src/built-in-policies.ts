import { systemClock } from '@bff/core';
import { responseCachePolicy } from './cache/response-cache.policy';
import { MemoryResponseCacheStore, type ResponseCacheStore } from './cache/response-cache.store';
import type { CallPolicy } from './call-policy';
import { coalescePolicy } from './coalescing/coalesce.policy';
import type { ResolvedUpstreamOptions } from './downstream.options';
import { hedgePolicy } from './hedging/hedge.policy';
import type { UpstreamResiliencePolicies } from './resilience.registry';
import type { SharedClientOptions } from './upstream.client';

let defaultStore: ResponseCacheStore | undefined;

/**
 * The per-call policies an upstream's options turn on, in pipeline order: cache (with stale-if-error), then
 * coalescing, then the budgeted retry, then hedging (taking from the retries' budget). Each is absent when off, so
 * a call pays nothing for what it does not use.
 * @example upstreamPolicies(resolved, shared) // [cache, coalesce] for { cache: {...}, coalesce: true }
 */
export function upstreamPolicies(
  options: ResolvedUpstreamOptions,
  shared: SharedClientOptions,
  resilience: Pick<UpstreamResiliencePolicies, 'retry' | 'hedgeBudget'> = {},
): CallPolicy[] {
  const clock = shared.clock ?? systemClock;
  const policies: CallPolicy[] = [];
  if (options.cache) {
    const store = shared.responseCache ?? (defaultStore ??= new MemoryResponseCacheStore());
    policies.push(responseCachePolicy(store, options.cache, clock));
  }
  if (options.coalesce) policies.push(coalescePolicy());
  if (resilience.retry) policies.push(resilience.retry);
  if (options.hedge) {
    const onCall = shared.onCall;
    const budget = options.hedge.budget ?? resilience.hedgeBudget;
    policies.push(hedgePolicy({ ...options.hedge, clock, onHedged: onCall, ...(budget ? { budget } : {}) }));
  }
  return policies;
}
