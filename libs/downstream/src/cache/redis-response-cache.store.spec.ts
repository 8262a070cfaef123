import { FakeClock, RequestContextStore } from '@bff/core';
import { createUpstreamClient, RedisResponseCacheStore } from '@bff/downstream';
import { RedisConnection } from '@bff/redis';
import { startRedisServer, type TestRedisServer } from '@bff/testing';
import { json, startUpstream, testContext, type TestUpstream } from '../../test/test-upstream';

describe('RedisResponseCacheStore (real redis-server)', () => {
  let server: TestRedisServer;
  let redis: RedisConnection;
  let upstream: TestUpstream;
  let failing = false;
  let served = 0;

  beforeAll(async () => {
    server = await startRedisServer({ own: true });
    redis = new RedisConnection({ url: server.url });
    redis.connect();
    for (let i = 0; i < 200 && !redis.connected; i++) await new Promise((r) => setTimeout(r, 10));
    upstream = await startUpstream((_req, res) => {
      served++;
      res.setHeader('cache-control', 'max-age=0, stale-if-error=300');
      json(res, failing ? 503 : 200, { n: served });
    });
  });
  afterAll(async () => {
    await redis.close();
    await server.stop();
    await upstream.close();
  });

  it('shares stale copies between two BFF replicas, and expires them with stale-if-error', async () => {
    const clock = new FakeClock();
    const replica = () =>
      createUpstreamClient(
        'catalog',
        { baseUrl: upstream.url, cache: { shared: true }, retry: false },
        { clock, responseCache: new RedisResponseCacheStore(redis) },
      );
    const [a, b] = [replica(), replica()];
    try {
      const run = (client: typeof a) =>
        RequestContextStore.run(testContext({ clock }).ctx, () => client.get<{ n: number }>('/products/p1'));
      const fresh = await run(a);
      const stored = await redis.client.keys('bff:cache:*');
      expect(stored).toHaveLength(1);
      expect(Number(await redis.client.pttl(stored[0]))).toBeGreaterThan(299_000);

      failing = true;
      expect((await run(b)).body.n).toBe(fresh.body.n); // replica b answers with a's copy
      clock.advance(301_000);
      await expect(run(b)).rejects.toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' });
    } finally {
      failing = false;
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('is a miss, never a failure, while Redis is down', async () => {
    const down = new RedisConnection({ url: 'redis://127.0.0.1:1' });
    const store = new RedisResponseCacheStore(down);
    await expect(store.get('k')).resolves.toBeUndefined();
    await expect(
      store.set('k', { status: 200, headers: {}, body: 1, freshUntil: 0, staleUntil: 1 }, 1000),
    ).resolves.toBeUndefined();
    await down.close();
  });
});
