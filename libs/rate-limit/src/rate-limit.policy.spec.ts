import { ConfigError } from '@bff/core';
import { defineRateLimitPolicies, defineRateLimitPolicy, type RateLimitPolicy } from '@bff/rate-limit';

const valid: RateLimitPolicy = { name: 'burst', algorithm: 'gcra', limit: 100, windowMs: 60_000 };

describe('defineRateLimitPolicy', () => {
  it('fills in the defaults and freezes', () => {
    const p = defineRateLimitPolicy(valid);
    expect(p).toEqual({ ...valid, burst: 100, onStoreFailure: 'fail-open' });
    expect(Object.isFrozen(p)).toBe(true);
    expect(defineRateLimitPolicy({ ...valid, algorithm: 'sliding-window' }).burst).toBe(100);
  });

  it.each<[Partial<RateLimitPolicy>, string]>([
    [{ name: 'has space' }, 'rateLimit.policy.name: must be 1-64 characters'],
    [{ name: '"q"' }, 'rateLimit.policy.name'],
    [{ algorithm: 'leaky' as never }, 'rateLimit.policy.algorithm: must be "gcra" or "sliding-window"'],
    [{ limit: 0 }, 'rateLimit.policy.limit: must be an integer from 1'],
    [{ limit: 1.5 }, 'rateLimit.policy.limit'],
    [{ windowMs: 1500 }, 'rateLimit.policy.windowMs: must be a positive whole number of seconds'],
    [{ windowMs: 0 }, 'rateLimit.policy.windowMs'],
    [{ burst: 0 }, 'rateLimit.policy.burst: must be an integer from 1'],
    [
      { algorithm: 'sliding-window', burst: 5 },
      'rateLimit.policy.burst: applies to the "gcra" algorithm only',
    ],
    [
      { onStoreFailure: 'maybe' as never },
      'rateLimit.policy.onStoreFailure: must be "fail-open" or "fail-closed"',
    ],
  ])('rejects %j eagerly with a clear message', (overrides, message) => {
    let error: unknown;
    try {
      defineRateLimitPolicy({ ...valid, ...overrides });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('BFF_ERR_CONFIG');
    expect((error as ConfigError).problems.join('\n')).toContain(message);
  });

  it('reports every problem of every policy in a list, and duplicate names', () => {
    expect(() =>
      defineRateLimitPolicies([valid, { ...valid, limit: -1 }, valid], 'rateLimit.defaults'),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'rateLimit.defaults[1].limit: must be an integer from 1 to 1000000000',
          'rateLimit.defaults[1].name: "burst" is used by another policy in the list',
          'rateLimit.defaults[2].name: "burst" is used by another policy in the list',
        ],
      }),
    );
  });
});
