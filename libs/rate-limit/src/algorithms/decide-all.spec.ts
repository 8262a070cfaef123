import { decideAll, gcra } from '@bff/rate-limit';
import { policy, windowPolicy } from '../../test/policy.builder';

describe('decideAll', () => {
  const burst = policy({ name: 'burst', limit: 5, windowMs: 5000 });
  const daily = windowPolicy({ name: 'daily', limit: 100, windowMs: 86_400_000 });

  it('passes only when every policy admits, and a rejection spends nothing anywhere', () => {
    const spent = gcra(undefined, 0, burst, 5).newState;
    const { allowed, results } = decideAll(
      [
        { state: spent, policy: burst, cost: 1 },
        { state: undefined, policy: daily, cost: 1 },
      ],
      0,
    );
    expect(allowed).toBe(false);
    expect(results[0]).toMatchObject({ allowed: false, retryAfterMs: 1000 });
    expect(results[1]).toMatchObject({ allowed: true, remaining: 100, retryAfterMs: 0 });
  });

  it('spends on every policy when all admit', () => {
    const { allowed, results } = decideAll(
      [
        { state: undefined, policy: burst, cost: 2 },
        { state: undefined, policy: daily, cost: 2 },
      ],
      0,
    );
    expect(allowed).toBe(true);
    expect(results.map((r) => r.remaining)).toEqual([3, 98]);
  });
});
