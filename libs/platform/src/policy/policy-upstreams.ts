import type { Env } from '@bff/core';
import { upstreamUrlVariable, type UpstreamOptions } from '@bff/downstream';
import { firstUrl, type LoadedPolicy } from './policy-file';
import type { RoutePolicy, UpstreamPolicy } from './policy.schema';

/** An upstream's options as a policy file gives them (its URL goes through the downstream env slice). */
export type UpstreamPolicyOptions = Omit<UpstreamOptions, 'baseUrl'>;

/** The part of a policy file that applies once the environment had its say (see {@link effectivePolicy}). */
export interface EffectivePolicy {
  /** Absolute path of the file. */
  file: string;
  /** Options of each upstream the file describes, without the URLs (see `readDownstreamEnv`'s defaults). */
  upstreams: Record<string, UpstreamPolicyOptions>;
  /** Each route's settings, keyed `GET /v1/home` or `Query viewer`. */
  routes: Record<string, RoutePolicy>;
}

/** The base URL the file gives each upstream (its `baseUrl`, else its first instance's). */
export function policyUrls(policy: LoadedPolicy | undefined): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const [name, upstream] of Object.entries(policy?.document.upstreams ?? {})) {
    const url = upstream.baseUrl ?? firstUrl(upstream.instances);
    if (url !== undefined) urls[name] = url.replace(/\/+$/, '');
  }
  return urls;
}

/**
 * The file's options once the environment is applied: where `UPSTREAM_<NAME>_URL` is set, the variable's URL
 * list is the upstream's instances, so the file's `instances` and `canary` (which names their versions) step
 * aside; every other field of the file stays, under the variables that set the same field.
 */
export function effectivePolicy(policy: LoadedPolicy, source: Env): EffectivePolicy {
  const upstreams: Record<string, UpstreamPolicyOptions> = {};
  for (const [name, upstream] of Object.entries(policy.document.upstreams ?? {})) {
    const { baseUrl: _url, instances, canary, ...rest } = upstream as UpstreamPolicy;
    const urlFromEnv = (source[upstreamUrlVariable(name)] ?? '') !== '';
    upstreams[name] = urlFromEnv
      ? (rest as UpstreamPolicyOptions)
      : ({
          ...rest,
          ...(instances ? { instances } : {}),
          ...(canary ? { canary } : {}),
        } as UpstreamPolicyOptions);
  }
  return { file: policy.file, upstreams, routes: policy.document.routes ?? {} };
}

/**
 * `over` on top of `base`, as the layers of an upstream's options stack (the app's tuning, then the policy
 * file, then the environment): `breaker`, `bulkhead` and `retry` merge field by field, and a policy switched
 * off by the upper layer is off.
 */
export function layerUpstreamOptions<T extends Partial<UpstreamOptions>>(
  base: T,
  over: Partial<UpstreamOptions> = {},
): T {
  const merged = { ...base, ...over } as T;
  for (const key of ['breaker', 'bulkhead', 'retry'] as const) {
    const own = base[key];
    const set = over[key];
    if (set === undefined) continue;
    (merged as Record<string, unknown>)[key] = set === false || own === false ? set : { ...own, ...set };
  }
  return merged;
}
