import { RedisConnection } from '@bff/redis';
import { startRedisServer, type TestRedisServer } from '@bff/testing';
import { describeIdempotencyStore } from '../../test/idempotency-store.contract';
import { IDEMPOTENCY_SCRIPT } from './redis-idempotency.script';
import { RedisIdempotencyStore } from './redis-idempotency.store';

describe('RedisIdempotencyStore (real redis-server)', () => {
  let server: TestRedisServer;
  let redis: RedisConnection;
  let store: RedisIdempotencyStore;
  const FP = 'a'.repeat(64);

  beforeAll(async () => {
    server = await startRedisServer({ own: true });
    redis = new RedisConnection({ url: server.url, readiness: false });
    await redis.client.connect();
    store = new RedisIdempotencyStore(redis);
  });
  afterAll(async () => {
    await redis?.close();
    await server?.stop();
  });

  describeIdempotencyStore('RedisIdempotencyStore', () => store);

  it('claims with the lease and completes with the TTL as Redis expiries, each in one round trip', async () => {
    const id = { scope: 'client:partner-acme', key: 'ttl' };
    const name = store.redisKey(id);
    expect(name).toMatch(/^bff:idem:\{client%3Apartner-acme\}:[0-9a-f]{64}$/);
    const run = jest.spyOn(redis, 'run');
    try {
      const claim = await store.claim(id, FP, 60_000);
      expect(run).toHaveBeenCalledTimes(1);
      const leaseLeft = await redis.client.pttl(name);
      expect(leaseLeft).toBeGreaterThan(50_000);
      expect(leaseLeft).toBeLessThanOrEqual(60_000);
      const token = (claim as { token: string }).token;
      const response = { status: 201, headers: {}, body: null };
      await store.complete(id, { token, fingerprint: FP, response, ttlMs: 86_400_000 });
      expect(run).toHaveBeenCalledTimes(2);
      expect(await redis.client.pttl(name)).toBeGreaterThan(86_000_000);
    } finally {
      run.mockRestore();
    }
  });

  it("a claim or completion resent with its own token (after a lost connection) is still that one, not another's", async () => {
    const key = store.redisKey({ scope: 's', key: 'resent' });
    const claim = (token: string) =>
      redis.client.eval(IDEMPOTENCY_SCRIPT, 1, key, 'claim', token, FP, 60_000);
    expect(await claim('1'.repeat(32))).toBeNull();
    expect(await claim('1'.repeat(32))).toBeNull();
    expect(await claim('2'.repeat(32))).toBe(`0:${'1'.repeat(32)}:${FP}`);
    // a completion resent after it ran is answered as the first was; another answer is not stored over it
    const complete = (record: string, ...resent: string[]) =>
      redis.client.eval(IDEMPOTENCY_SCRIPT, 1, key, 'complete', '1'.repeat(32), record, 60_000, ...resent);
    expect(await complete(`1:${FP}:{"id":"o1"}`)).toBe(1);
    expect(await complete(`1:${FP}:{"id":"o1"}`, 'resent')).toBe(1);
    expect(await complete(`1:${FP}:{"id":"o1"}`)).toBe(0); // not resent: the token no longer holds the key
    expect(await complete(`1:${FP}:{"id":"o2"}`, 'resent')).toBe(0);
  });

  it('reloads its script after SCRIPT FLUSH', async () => {
    await redis.client.script('FLUSH');
    expect((await store.claim({ scope: 's', key: 'flushed' }, FP, 60_000)).state).toBe('claimed');
  });

  it('refuses a fingerprint its record layout cannot hold, and a prefix with a hash tag', async () => {
    await expect(store.claim({ scope: 's', key: 'x' }, 'short', 60_000)).rejects.toThrow(/fingerprint/);
    expect(() => new RedisIdempotencyStore(redis, { keyPrefix: 'a{b}' })).toThrow(/keyPrefix/);
  });

  it('fails with BFF_ERR_REDIS_UNAVAILABLE at once while Redis is down', async () => {
    const down = new RedisConnection({ url: server.url, readiness: false });
    try {
      await expect(
        new RedisIdempotencyStore(down).claim({ scope: 's', key: 'y' }, FP, 60_000),
      ).rejects.toMatchObject({
        code: 'BFF_ERR_REDIS_UNAVAILABLE',
      });
    } finally {
      await down.close();
    }
  });
});
