import { eventually } from '@bff/testing';
import { RedisConnection } from '@bff/redis';
import { startRedisServer, type TestRedisServer } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as partnerConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { loadConfig as webConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startBff } from './support/bff-harness';

describe('/health/ready from the libs’ own registrations (e2e, real upstreams, real redis-server)', () => {
  let stack: DemoStack;
  let redis: TestRedisServer;

  beforeAll(async () => {
    [stack, redis] = await Promise.all([startDemoStack(), startRedisServer({ own: true })]);
  });
  afterAll(() => Promise.all([stack.close(), redis.stop()]));

  it('without REDIS_URL: one check per upstream, and nothing connects to Redis', async () => {
    const bff = await startBff({
      loadConfig: partnerConfig,
      module: (c) => PartnerBffModule.forRoot(c),
      audience: 'partner-bff',
      stack,
    });
    try {
      const res = await bff.call('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'ok',
        checks: { orders: 'up', catalog: 'up', inventory: 'up', circuits: 'up', keys: 'up' },
      });
      expect(() => bff.app.get(RedisConnection, { strict: false })).toThrow();
    } finally {
      await bff.close();
    }
  });

  it('with REDIS_URL: redis joins the checks, degrades (200) while Redis is down and recovers by itself', async () => {
    const bff = await startBff({
      loadConfig: webConfig,
      module: (c) => WebBffModule.forRoot(c),
      audience: 'web-bff',
      stack,
      env: { REDIS_URL: redis.url, READINESS_CACHE_MS: '0' },
    });
    const connection = bff.app.get(RedisConnection, { strict: false });
    try {
      await eventually(async () => connection.connected, 3000);
      const up = await bff.call('/health/ready?detail=true');
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({
        status: 'ok',
        checks: {
          users: 'up',
          orders: 'up',
          catalog: 'up',
          inventory: 'up',
          keys: 'up',
          redis: 'up',
          'rate-limit': 'up',
        },
        detail: { status: { redis: { connected: true } } },
      });
      expect(up.text).not.toContain(String(redis.port));

      await redis.stop();
      await eventually(async () => (await bff.call('/health/ready')).body.status === 'degraded', 1000);
      const down = await bff.call('/health/ready');
      expect(down.status).toBe(200);
      expect(down.body.checks).toEqual({
        users: 'up',
        orders: 'up',
        catalog: 'up',
        inventory: 'up',
        circuits: 'up',
        keys: 'up',
        redis: 'down',
        // the limiter's breaker is still closed: no request has needed Redis yet
        'rate-limit': 'up',
      });

      await redis.restart();
      await eventually(async () => (await bff.call('/health/ready')).body.status === 'ok', 5000);
    } finally {
      await bff.close();
    }
    expect(connection.client.status).toBe('end');
  });
});
