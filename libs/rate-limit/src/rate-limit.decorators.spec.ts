import { ConfigError, type Principal } from '@bff/core';
import { Reflector } from '@nestjs/core';
import {
  createPolicyResolver,
  defineRateLimitPolicies,
  RATE_LIMIT_KEY,
  RateLimit,
  resolvePolicies,
  SkipRateLimit,
  type RateLimitMetadata,
} from '@bff/rate-limit';

const burst = { name: 'burst', algorithm: 'gcra', limit: 100, windowMs: 60_000 } as const;
const daily = { name: 'daily', algorithm: 'sliding-window', limit: 10_000, windowMs: 86_400_000 } as const;

@RateLimit({ ...burst, limit: 50 })
class OrdersController {
  @RateLimit({ ...burst, limit: 5 })
  create(): void {}
  list(): void {}
  @SkipRateLimit()
  health(): void {}
}

@SkipRateLimit()
class InternalController {
  @RateLimit(daily)
  expensive(): void {}
  cheap(): void {}
}

const reflector = new Reflector();
const read = (cls: new () => object, method: string): RateLimitMetadata | undefined =>
  reflector.getAllAndOverride<RateLimitMetadata>(RATE_LIMIT_KEY, [
    (cls.prototype as Record<string, () => void>)[method],
    cls,
  ]);

describe('@RateLimit / @SkipRateLimit', () => {
  it('write metadata that getAllAndOverride reads, the method beating the class', () => {
    expect(read(OrdersController, 'create')).toMatchObject({
      skip: false,
      policies: [{ name: 'burst', limit: 5 }],
    });
    expect(read(OrdersController, 'list')).toMatchObject({ skip: false, policies: [{ limit: 50 }] });
    expect(read(OrdersController, 'health')).toEqual({ skip: true });
    expect(read(InternalController, 'expensive')).toMatchObject({ policies: [{ name: 'daily' }] });
    expect(read(InternalController, 'cheap')).toEqual({ skip: true });
  });

  it('validate at decoration time', () => {
    expect(() => RateLimit({ ...burst, windowMs: 10 })).toThrow(ConfigError);
    expect(() => RateLimit(burst, burst)).toThrow(/used by another policy/);
  });
});

describe('resolvePolicies', () => {
  const defaults = defineRateLimitPolicies([burst, daily]);
  const tiers = { gold: defineRateLimitPolicies([{ ...daily, limit: 1_000_000 }]) };
  const gold: Pick<Principal, 'tier'> = { tier: 'gold' };

  it('uses the defaults, overridden by name by the tier, then by the route', () => {
    expect(resolvePolicies(undefined, defaults, tiers, undefined)).toBe(defaults);
    expect(resolvePolicies(undefined, defaults, tiers, { tier: 'unknown' })).toBe(defaults);
    const forGold = resolvePolicies(undefined, defaults, tiers, gold);
    expect(forGold.map((p) => [p.name, p.limit])).toEqual([
      ['burst', 100],
      ['daily', 1_000_000],
    ]);
    const route = read(OrdersController, 'create');
    expect(resolvePolicies(route, defaults, tiers, gold).map((p) => [p.name, p.limit])).toEqual([
      ['daily', 1_000_000],
      ['burst', 5],
    ]);
  });

  it('returns nothing for a skipped route', () => {
    expect(resolvePolicies({ skip: true }, defaults, tiers, gold)).toEqual([]);
  });

  it('is memoized per route metadata and tier by createPolicyResolver', () => {
    const policiesFor = createPolicyResolver(defaults, tiers);
    const route = read(OrdersController, 'list');
    const a = policiesFor(route, gold);
    expect(policiesFor(route, { tier: 'gold' })).toBe(a);
    expect(policiesFor(route, undefined)).not.toBe(a);
    expect(policiesFor(route, { tier: 'other' })).toBe(policiesFor(route, undefined));
    expect(policiesFor(undefined, undefined)).toEqual(defaults);
  });
});
