import { startRedisServer, type TestRedisServer } from '@bff/testing';
import {
  MemoryRateLimitStore,
  RATE_LIMIT_SCRIPT_SHA,
  RedisRateLimitStore,
  type RateLimitRequest,
  type ResolvedRateLimitPolicy,
} from '@bff/rate-limit';
import { FakeClock } from '@bff/core';
import Redis from 'ioredis';
import { commandCalls } from '../../test/redis-process.helper';
import { policy, windowPolicy } from '../../test/policy.builder';

describe('RedisRateLimitStore (real redis-server)', () => {
  let server: TestRedisServer;
  let clients: Redis[];
  let admin: Redis;
  let store: RedisRateLimitStore;
  let prefix: string;

  beforeAll(async () => {
    server = await startRedisServer();
    clients = [0, 1, 2].map(() => new Redis(server.url, { commandTimeout: 2000, maxRetriesPerRequest: 1 }));
    admin = new Redis(server.url);
  });
  afterAll(async () => {
    await Promise.all([...clients, admin].map((c) => c.quit()));
    await server.stop();
  });
  let run = 0;
  beforeEach(() => {
    prefix = `test:rl:${process.pid}:${++run}:`; // never depend on what else the server holds
    store = new RedisRateLimitStore(clients[0], { keyPrefix: prefix });
  });
  const one = (key: string, p: ResolvedRateLimitPolicy, cost = 1): RateLimitRequest[] => [
    { key, policy: p, cost },
  ];

  it('admits the GCRA burst, then rejects with the wait for the next unit', async () => {
    const p = policy({ limit: 10, windowMs: 3_600_000 }); // one unit per 6 minutes
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await store.decide(one('user:a', p)));
    expect(results.filter((d) => d.allowed)).toHaveLength(10);
    expect(results[0].outcomes[0]).toMatchObject({ remaining: 9, retryAfterMs: 0 });
    expect(results[0].outcomes[0].resetAfterMs).toBeGreaterThan(359_000);
    const rejected = results[11];
    expect(rejected).toMatchObject({ allowed: false, degraded: false });
    expect(rejected.retryAfterMs).toBeGreaterThan(359_000);
    expect(rejected.retryAfterMs).toBeLessThanOrEqual(360_000);
  });

  it('peeks in one read-only round trip: nothing spent, no key written', async () => {
    const g = policy({ name: 'g', limit: 10, windowMs: 3_600_000 });
    const w = windowPolicy({ name: 'w', limit: 5, windowMs: 3_600_000 });
    const peek = [
      { key: 'user:p', policy: g },
      { key: 'user:p', policy: w },
    ];
    expect((await store.peek(peek)).outcomes.map((o) => o.remaining)).toEqual([10, 5]);
    expect(await admin.keys(`${prefix}*`)).toEqual([]);
    await store.decide(peek.map((p) => ({ ...p, cost: 2 })));
    const before = await admin.mget(...peek.map((p) => store.redisKey({ ...p, cost: 1 })));
    for (let i = 0; i < 3; i++) {
      const seen = await store.peek(peek);
      expect(seen).toMatchObject({ allowed: true, degraded: false });
      expect(seen.outcomes.map((o) => o.remaining)).toEqual([8, 3]);
    }
    expect(await admin.mget(...peek.map((p) => store.redisKey({ ...p, cost: 1 })))).toEqual(before);
  });

  it('implements the sliding window like the TypeScript core', async () => {
    const p = windowPolicy({ limit: 5, windowMs: 3_600_000 });
    const decisions = [];
    for (let i = 0; i < 7; i++) decisions.push(await store.decide(one('user:a', p, 1)));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    expect(decisions[4].outcomes[0].remaining).toBe(0);
    expect((await store.decide(one('user:a', p, 6))).retryAfterMs).toBe(Infinity);
  });

  it('decides all policies atomically: a rejection spends nothing anywhere', async () => {
    const burst = policy({ name: 'burst', limit: 3, windowMs: 3_600_000 });
    const daily = windowPolicy({ name: 'daily', limit: 100, windowMs: 86_400_000 });
    const both: RateLimitRequest[] = [
      { key: 'user:a', policy: burst, cost: 1 },
      { key: 'user:a', policy: daily, cost: 1 },
    ];
    for (let i = 0; i < 3; i++) expect((await store.decide(both)).allowed).toBe(true);
    for (let i = 0; i < 5; i++) {
      const rejected = await store.decide(both);
      expect(rejected.allowed).toBe(false);
      expect(rejected.outcomes.map((o) => [o.policy.name, o.allowed, o.remaining])).toEqual([
        ['burst', false, 0],
        ['daily', true, 97],
      ]);
    }
  });

  it('rejects a cost over the burst as never passing, without writing', async () => {
    const p = policy({ limit: 10, windowMs: 60_000, burst: 4 });
    const decision = await store.decide(one('user:a', p, 5));
    expect(decision).toMatchObject({ allowed: false, retryAfterMs: Infinity });
    expect(await admin.exists(store.redisKey(one('user:a', p)[0]))).toBe(0);
  });

  it('writes one key per caller and policy, hash-tagged per caller, expiring when its state stops mattering', async () => {
    const burst = policy({ name: 'burst', limit: 10, windowMs: 60_000 });
    const daily = windowPolicy({ name: 'daily', limit: 100, windowMs: 86_400_000 });
    await store.decide([
      { key: 'user:a', policy: burst, cost: 2 },
      { key: 'user:a', policy: daily, cost: 2 },
    ]);
    const keys = (await admin.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([`${prefix}{user:a}:burst:g`, `${prefix}{user:a}:daily:s`]);
    const burstTtl = await admin.pttl(keys[0]);
    expect(burstTtl).toBeGreaterThan(11_000);
    expect(burstTtl).toBeLessThanOrEqual(12_000); // 2 units of 6 s each
    const dailyTtl = await admin.pttl(keys[1]);
    expect(dailyTtl).toBeGreaterThan(86_400_000);
    expect(dailyTtl).toBeLessThanOrEqual(2 * 86_400_000);
  });

  it('is exact across replicas: 3 connections hammering one key admit the limit, a second caller is unaffected', async () => {
    const limit = 200;
    const p = policy({ limit, windowMs: 3_600_000 });
    const replicas = clients.map((c) => new RedisRateLimitStore(c, { keyPrefix: prefix }));
    const attempts = Array.from({ length: limit * 4 }, (_, i) =>
      replicas[i % 3].decide(one('partner:acme', p)),
    );
    const decisions = await Promise.all(attempts);
    const admitted = decisions.filter((d) => d.allowed).length;
    expect(Math.abs(admitted - limit)).toBeLessThanOrEqual(limit * 0.01);
    const other = await replicas[1].decide(one('partner:other', p));
    expect(other).toMatchObject({ allowed: true, outcomes: [{ remaining: limit - 1 }] });
  });

  it('makes one decision in exactly one EVALSHA round trip once the script is loaded', async () => {
    const p = policy({ limit: 1000, windowMs: 60_000 });
    const requests: RateLimitRequest[] = [
      { key: 'user:a', policy: p, cost: 1 },
      { key: 'user:a', policy: windowPolicy({ limit: 1000, windowMs: 60_000 }), cost: 1 },
    ];
    await store.load();
    const before = await commandCalls(admin);
    for (let i = 0; i < 5; i++) await store.decide(requests);
    const after = await commandCalls(admin);
    const delta = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
    expect(delta('evalsha')).toBe(5);
    expect(delta('eval')).toBe(0);
    expect(delta('script|load')).toBe(0);
    // Everything else that ran was the script's own GET/SET/TIME (and this test's INFO).
    const others = Object.keys(after).filter(
      (name) => !['evalsha', 'get', 'set', 'time', 'info'].includes(name),
    );
    for (const name of others) expect([name, delta(name)]).toEqual([name, 0]);
  });

  it('reloads the script after SCRIPT FLUSH (NOSCRIPT) and keeps the counters', async () => {
    const p = policy({ limit: 5, windowMs: 3_600_000 });
    for (let i = 0; i < 3; i++) await store.decide(one('user:a', p));
    await admin.script('FLUSH');
    expect(await admin.script('EXISTS', RATE_LIMIT_SCRIPT_SHA)).toEqual([0]);
    const decision = await store.decide(one('user:a', p));
    expect(decision).toMatchObject({ allowed: true, outcomes: [{ remaining: 1 }] });
    expect(await admin.script('EXISTS', RATE_LIMIT_SCRIPT_SHA)).toEqual([1]);
  });

  it('answers like the TypeScript cores (memory store) for the same sequence', async () => {
    const burst = policy({ name: 'burst', limit: 7, windowMs: 3_600_000, burst: 4 });
    const daily = windowPolicy({ name: 'daily', limit: 9, windowMs: 86_400_000 });
    const memory = new MemoryRateLimitStore({ clock: new FakeClock(Date.now()) });
    const costs = [1, 3, 1, 2, 5, 1, 1, 4, 1, 2, 1, 10];
    for (const [i, cost] of costs.entries()) {
      const requests: RateLimitRequest[] = [
        { key: `user:${i % 2}`, policy: burst, cost },
        { key: `user:${i % 2}`, policy: daily, cost },
      ];
      const [fromRedis, fromMemory] = await Promise.all([store.decide(requests), memory.decide(requests)]);
      const shape = (d: typeof fromRedis) => [d.allowed, d.outcomes.map((o) => [o.allowed, o.remaining])];
      expect([i, ...shape(fromRedis)]).toEqual([i, ...shape(fromMemory)]);
      expect(Math.abs(fromRedis.retryAfterMs - fromMemory.retryAfterMs) || 0).toBeLessThan(1000);
    }
  });

  it('refuses what it cannot do atomically or validly', async () => {
    await expect(store.decide([{ key: 'k', policy: policy(), cost: 1.5 }])).rejects.toThrow(TypeError);
    expect(() => new RedisRateLimitStore({} as Redis)).toThrow('ioredis');
    expect(() => new RedisRateLimitStore(clients[0], { keyPrefix: 'a{b}' })).toThrow('keyPrefix');
    expect(await store.decide([])).toMatchObject({ allowed: true, outcomes: [] });
  });
});
