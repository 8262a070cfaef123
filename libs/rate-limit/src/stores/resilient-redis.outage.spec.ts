import { once } from 'node:events';
import { FakeClock } from '@bff/core';
import { freePort } from '@bff/testing';
import {
  MemoryRateLimitStore,
  RedisRateLimitStore,
  ResilientRateLimitStore,
  type RateLimitRequest,
} from '@bff/rate-limit';
import Redis from 'ioredis';
import { startRedisOn, type OwnedRedis } from '../../test/redis-process.helper';
import { policy } from '../../test/policy.builder';

/** Resolves when the client is (again) connected and ready (it may be already); fails after 5 s. */
async function ready(client: Redis): Promise<void> {
  if (client.status !== 'ready') await once(client, 'ready', { signal: AbortSignal.timeout(5000) });
}

describe('ResilientRateLimitStore when its redis-server dies and comes back', () => {
  let port: number;
  let redis: OwnedRedis;
  let client: Redis;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    port = await freePort();
    redis = await startRedisOn(port);
    // What the Redis lib is expected to hand over: fail fast, reconnect quickly. The timeouts are looser than in
    // production (50 ms) because a loaded CI machine can stall a healthy round trip that long; the outage itself
    // is a refused connection, answered at once whatever the timeout.
    client = new Redis(redis.url, { commandTimeout: 500, maxRetriesPerRequest: 1, retryStrategy: () => 20 });
    client.on('error', () => undefined);
    await ready(client);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.kill();
    process.off('unhandledRejection', onUnhandled);
  });

  it('fails open locally, fails closed quickly, and recovers on a new server on the same port', async () => {
    const clock = new FakeClock(0);
    const shared = new RedisRateLimitStore(client, { keyPrefix: `test:outage:${process.pid}:` });
    const store = new ResilientRateLimitStore(shared, new MemoryRateLimitStore({ clock }), {
      clock,
      timeoutMs: 100,
      failureThreshold: 2,
      coolDownMs: 5000,
    });
    const open = policy({ name: 'open', limit: 1000, windowMs: 60_000 });
    const closed = policy({ name: 'closed', limit: 1000, windowMs: 60_000, onStoreFailure: 'fail-closed' });
    const failOpen: RateLimitRequest[] = [{ key: 'user:a', policy: open, cost: 1 }];
    const failClosed: RateLimitRequest[] = [{ key: 'user:a', policy: closed, cost: 1 }];

    // Warm up (script loaded, connection hot) on the shared store alone: on a loaded machine the very first
    // round trip may outlast the 50 ms command timeout, which is not what this test is about.
    for (let i = 0; ; i++) {
      try {
        await shared.decide([{ key: 'user:warm-up', policy: open, cost: 1 }]);
        break;
      } catch (err) {
        if (i === 20) throw err;
      }
    }
    expect(await store.decide(failOpen)).toMatchObject({ allowed: true, degraded: false });
    expect(store.state).toBe('healthy');

    await redis.kill();
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      expect(await store.decide(failOpen)).toMatchObject({ allowed: true, degraded: true });
      // No hang: a generous bound for a loaded 2-core machine, far below ioredis' reconnect-and-retry waits.
      expect(performance.now() - started).toBeLessThan(3000);
    }
    expect(store.health()).toMatchObject({ state: 'open', consecutiveFailures: 2 });

    await expect(store.decide(failClosed)).rejects.toMatchObject({
      code: 'BFF_ERR_RATE_LIMIT_UNAVAILABLE',
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    // The breaker answered: the failure count did not grow, so Redis was not touched.
    expect(store.health()).toMatchObject({ state: 'open', consecutiveFailures: 2 });

    redis = await startRedisOn(port);
    await ready(client);
    clock.advance(5000); // the cool-down passes: the next decision probes Redis (the script reloads on NOSCRIPT)
    expect(await store.decide(failClosed)).toMatchObject({ allowed: true, degraded: false });
    expect(store.health()).toEqual({ state: 'healthy', consecutiveFailures: 0, retryInMs: 0 });
    expect(await store.decide(failOpen)).toMatchObject({ allowed: true, degraded: false });
    expect(unhandled).toEqual([]);
  });
});
