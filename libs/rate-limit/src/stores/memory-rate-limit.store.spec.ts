import { FakeClock } from '@bff/core';
import { MemoryRateLimitStore, type RateLimitRequest } from '@bff/rate-limit';
import { policy, windowPolicy } from '../../test/policy.builder';

const burst = policy({ name: 'burst', limit: 5, windowMs: 5000 });
const daily = windowPolicy({ name: 'daily', limit: 8, windowMs: 86_400_000 });

const seen = (d: { outcomes: readonly { remaining: number; resetAfterMs: number }[] }) =>
  d.outcomes.map((o) => [o.remaining, o.resetAfterMs]);

describe('MemoryRateLimitStore', () => {
  let clock: FakeClock;
  let store: MemoryRateLimitStore;
  beforeEach(() => {
    clock = new FakeClock(1_000_000);
    store = new MemoryRateLimitStore({ clock });
  });
  const both = (key: string, cost = 1): RateLimitRequest[] => [
    { key, policy: burst, cost },
    { key, policy: daily, cost },
  ];

  it('decides every policy at once; the strictest decides and a rejection spends nothing', async () => {
    for (let i = 0; i < 5; i++) expect((await store.decide(both('user:a'))).allowed).toBe(true);
    const rejected = await store.decide(both('user:a'));
    expect(rejected).toMatchObject({ allowed: false, retryAfterMs: 1000, degraded: false });
    expect(rejected.outcomes.map((o) => [o.policy.name, o.allowed, o.remaining])).toEqual([
      ['burst', false, 0],
      ['daily', true, 3],
    ]);
    clock.advance(5000);
    const again = await store.decide(both('user:a', 3));
    expect(again.allowed).toBe(true);
    expect(again.outcomes.map((o) => o.remaining)).toEqual([2, 0]); // the daily quota lost nothing to rejections
    expect((await store.decide(both('user:b'))).allowed).toBe(true); // another caller is unaffected
  });

  it('peeks at every policy without spending or creating anything', async () => {
    const peek = both('user:a').map(({ key, policy }) => ({ key, policy }));
    const fresh = await store.peek(peek);
    expect(fresh.outcomes.map((o) => [o.allowed, o.remaining])).toEqual([
      [true, 5],
      [true, 8],
    ]);
    expect(store.size).toBe(0);
    await store.decide(both('user:a', 2));
    for (let i = 0; i < 3; i++) {
      const seen = await store.peek(peek);
      expect(seen).toMatchObject({ allowed: true, retryAfterMs: 0, degraded: false });
      expect(seen.outcomes.map((o) => o.remaining)).toEqual([3, 6]);
    }
    expect(seen(await store.peek(peek))).toEqual(seen(await store.peek(peek)));
    clock.advance(1000);
    expect((await store.peek(peek)).outcomes.map((o) => o.remaining)).toEqual([4, 6]);
    expect(() => store.peekNow([{ key: '', policy: burst }])).toThrow(TypeError);
  });

  it('answers an empty request list as allowed, and refuses malformed requests', async () => {
    expect(await store.decide([])).toEqual({ allowed: true, retryAfterMs: 0, outcomes: [], degraded: false });
    await expect(store.decide([{ key: '', policy: burst, cost: 1 }])).rejects.toThrow(TypeError);
    await expect(store.decide([{ key: 'k', policy: burst, cost: 0 }])).rejects.toThrow(/cost/);
    await expect(
      store.decide([
        { key: 'k', policy: burst, cost: 1 },
        { key: 'k', policy: burst, cost: 1 },
      ]),
    ).rejects.toThrow(/twice/);
  });

  it('stays within maxKeys, dropping the least recently spent counter', async () => {
    const small = new MemoryRateLimitStore({ clock, maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await small.decide([{ key, policy: burst, cost: 5 }]);
    expect(small.size).toBe(3);
    expect((await small.decide([{ key: 'a', policy: burst, cost: 1 }])).allowed).toBe(true); // 'a' was dropped
    expect((await small.decide([{ key: 'd', policy: burst, cost: 1 }])).allowed).toBe(false);
  });

  it('sweeps idle counters in bounded batches, without timers', async () => {
    const swept = new MemoryRateLimitStore({ clock, sweepEvery: 10, sweepBatch: 50 });
    for (let i = 0; i < 100; i++) await swept.decide([{ key: `k${i}`, policy: burst, cost: 1 }]);
    expect(swept.size).toBe(100);
    clock.advance(1001); // one unit of burst refills in 1 s: every counter is back to full
    const sizes: number[] = [];
    for (let i = 0; i < 40; i++) {
      await swept.decide([{ key: 'live', policy: burst, cost: 1 }]);
      sizes.push(swept.size);
    }
    for (let i = 1; i < sizes.length; i++) expect(sizes[i - 1] - sizes[i]).toBeLessThanOrEqual(50); // bounded
    expect(sizes.at(-1)).toBe(1); // round robin reached every idle counter
  });

  it('rejects bad options eagerly', () => {
    expect(() => new MemoryRateLimitStore({ maxKeys: 0 })).toThrow('maxKeys must be a positive integer');
  });
});
