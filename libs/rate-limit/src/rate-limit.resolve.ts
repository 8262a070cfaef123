import type { Principal } from '@bff/core';
import type { RateLimitMetadata } from './rate-limit.decorators';
import type { ResolvedRateLimitPolicy } from './rate-limit.policy';

/** Policies per principal tier, e.g. `{ gold: [burstGold, dailyGold] }`. */
export type TierPolicies = Readonly<Record<string, readonly ResolvedRateLimitPolicy[]>>;

/**
 * The policies one request must pass, pure: `@SkipRateLimit()` → none; else the defaults, overridden by name
 * (and extended) by the principal's tier policies, then by the route's `@RateLimit()` policies.
 * @example resolvePolicies(reflector.getAllAndOverride(RATE_LIMIT_KEY, [handler, cls]), defaults, tiers, principal)
 */
export function resolvePolicies(
  routeMetadata: RateLimitMetadata | undefined,
  defaults: readonly ResolvedRateLimitPolicy[],
  tierDefaults: TierPolicies,
  principal: Pick<Principal, 'tier'> | undefined,
): readonly ResolvedRateLimitPolicy[] {
  if (routeMetadata?.skip) return [];
  const tier = principal?.tier;
  let policies = defaults;
  if (tier !== undefined && Object.hasOwn(tierDefaults, tier))
    policies = mergeByName(policies, tierDefaults[tier]);
  if (routeMetadata !== undefined) policies = mergeByName(policies, routeMetadata.policies);
  return policies;
}

/**
 * {@link resolvePolicies} memoized per route metadata object and tier, so the admission step allocates nothing
 * per request. Bounded: one entry per (decorated route × configured tier, plus "no tier").
 * @example const policiesFor = createPolicyResolver(defaults, tiers); policiesFor(metadata, principal)
 */
export function createPolicyResolver(
  defaults: readonly ResolvedRateLimitPolicy[],
  tierDefaults: TierPolicies,
): (
  routeMetadata: RateLimitMetadata | undefined,
  principal: Pick<Principal, 'tier'> | undefined,
) => readonly ResolvedRateLimitPolicy[] {
  const noRoute = {};
  const byRoute = new WeakMap<object, Map<string, readonly ResolvedRateLimitPolicy[]>>();
  return function policiesFor(routeMetadata, principal) {
    const tier =
      principal?.tier !== undefined && Object.hasOwn(tierDefaults, principal.tier) ? principal.tier : '';
    const routeKey = routeMetadata ?? noRoute;
    let byTier = byRoute.get(routeKey);
    if (byTier === undefined) byRoute.set(routeKey, (byTier = new Map()));
    let policies = byTier.get(tier);
    if (policies === undefined) {
      policies = Object.freeze(
        resolvePolicies(routeMetadata, defaults, tierDefaults, tier ? { tier } : undefined),
      );
      byTier.set(tier, policies);
    }
    return policies;
  };
}

function mergeByName(
  base: readonly ResolvedRateLimitPolicy[],
  overrides: readonly ResolvedRateLimitPolicy[],
): readonly ResolvedRateLimitPolicy[] {
  if (overrides.length === 0) return base;
  const names = new Set(overrides.map((policy) => policy.name));
  return [...base.filter((policy) => !names.has(policy.name)), ...overrides];
}
