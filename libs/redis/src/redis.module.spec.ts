import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { ConfigError } from '@bff/core';
import { RedisConnection, type RedisModuleOptions } from '@bff/redis';
import { freePort, startRedisServer, type TestRedisServer } from '@bff/testing';
import { appWith, until } from '../test/probe-app';

async function ready(app: NestFastifyApplication, query = '') {
  const res = await app.inject({ method: 'GET', url: `/health/ready${query}` });
  return { statusCode: res.statusCode, headers: res.headers, body: res.json() };
}

/** Names of the clients connected to `server`, seen from a separate connection. */
async function clientNames(server: TestRedisServer): Promise<string[]> {
  const admin = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await admin.connect();
    const list = String(await admin.client('LIST'));
    return [...list.matchAll(/ name=(\S*)/g)].map((m) => m[1]).filter(Boolean);
  } finally {
    admin.disconnect();
  }
}

describe('RedisModule (real redis-server)', () => {
  let server: TestRedisServer;

  beforeAll(async () => {
    server = await startRedisServer({ own: true });
  });

  afterAll(() => server.stop());

  it('connects, is ready, fails fast while Redis is down, recovers by itself and quits on shutdown', async () => {
    const app = await appWith({ url: server.url, connectionName: 'probe-drill', reconnectMaxDelayMs: 200 });
    const redis = app.get(RedisConnection);
    try {
      await until(() => redis.connected, 2000);
      await expect(redis.run((client) => client.set('drill', '1'))).resolves.toBe('OK');
      expect(await ready(app)).toMatchObject({
        statusCode: 200,
        body: { status: 'ok', checks: { redis: 'up' } },
      });
      const detailed = await ready(app, '?detail=true');
      expect(detailed.body.detail).toMatchObject({
        checks: { redis: { status: 'up', critical: false } },
        status: { redis: { status: 'ready', connected: true, reconnectAttempts: 0 } },
      });
      expect(JSON.stringify(detailed.body)).not.toContain('127.0.0.1');

      await server.stop();
      // The drop is noticed from the closed socket, not by a timeout (bounded generously for a loaded machine).
      await until(() => !redis.connected, 3000);

      // Fails at once, without queueing or waiting for the command timeout: the message says it was never sent.
      const err = await redis.run((client) => client.get('drill')).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'BFF_ERR_REDIS_UNAVAILABLE',
        status: 503,
        message: expect.stringMatching(/^Redis is unavailable: not connected \(reconnecting/),
      });
      const down = await ready(app, '?detail=true');
      expect(down).toMatchObject({
        statusCode: 200, // not critical: the libs using Redis fall back, the app stays in the balancer
        body: {
          status: 'degraded',
          checks: { redis: 'down' },
          detail: { checks: { redis: { status: 'down' } } },
        },
      });
      expect(down.body.detail.status.redis).toMatchObject({ connected: false });
      await until(() => redis.health().lastError === 'ECONNREFUSED', 1000);

      await server.restart();
      await until(() => redis.connected, 3000);
      expect(await ready(app)).toMatchObject({
        statusCode: 200,
        body: { status: 'ok', checks: { redis: 'up' } },
      });
      expect(redis.health().reconnectAttempts).toBe(0);
      expect(await clientNames(server)).toContain('probe-drill');
    } finally {
      await app.close();
    }
    expect(redis.client.status).toBe('end');
    expect(await clientNames(server)).not.toContain('probe-drill');
  });

  it('starts while Redis is down, and a critical Redis check makes the app unready (503)', async () => {
    const deadPort = await freePort();
    const started = performance.now();
    const app = await appWith({ url: `redis://127.0.0.1:${deadPort}`, readiness: { critical: true } });
    try {
      // lazyConnect: starting does not wait for Redis (generous bound; a blocking connect would retry for longer).
      expect(performance.now() - started).toBeLessThan(3000);
      const res = await ready(app);
      expect(res).toMatchObject({
        statusCode: 503,
        body: { status: 'unavailable', checks: { redis: 'down' } },
      });
      expect(res.headers['retry-after']).toBe('5');
      await expect(app.get(RedisConnection).ping()).rejects.toMatchObject({
        code: 'BFF_ERR_REDIS_UNAVAILABLE',
      });
    } finally {
      await app.close();
    }
    expect(app.get(RedisConnection).client.status).toBe('end');
  });

  it('fails a command that takes longer than commandTimeoutMs, without waiting for it', async () => {
    const app = await appWith({ url: server.url, commandTimeoutMs: 50 });
    const redis = app.get(RedisConnection);
    try {
      await until(() => redis.connected, 2000);
      const started = performance.now();
      const err = await redis.run((client) => client.blpop('nothing-here', 5)).catch((e: unknown) => e);
      // Well before the 5 s the command would block (generous for a loaded machine; the message names the 50 ms).
      expect(performance.now() - started).toBeLessThan(3000);
      expect(err).toMatchObject({
        code: 'BFF_ERR_REDIS_UNAVAILABLE',
        message: 'Redis is unavailable: command timed out after 50 ms',
      });
    } finally {
      await app.close();
    }
  });

  it("rethrows Redis' own answers as they are", async () => {
    const app = await appWith({ url: server.url, readiness: false });
    const redis = app.get(RedisConnection);
    try {
      await until(() => redis.connected, 2000);
      await redis.run((client) => client.set('a-string', 'x'));
      await expect(redis.run((client) => client.lpush('a-string', 'y'))).rejects.toThrow(/^WRONGTYPE/);
      expect((await ready(app)).body).toEqual({ status: 'ok', checks: {} });
    } finally {
      await app.close();
    }
  });

  it.each([
    [{ url: 'http://127.0.0.1:6379' }, 'redis url: must use redis: or rediss:, got "http:"'],
    [
      { url: 'redis://x', commandTimeoutMs: 0 },
      'redis commandTimeoutMs: must be an integer between 1 and 60000, got 0',
    ],
    [
      { url: 'redis://x', reconnectBaseDelayMs: 500, reconnectMaxDelayMs: 100 },
      'redis reconnectMaxDelayMs: must not be below reconnectBaseDelayMs',
    ],
  ])('refuses invalid options at startup: %j', (options, problem) => {
    let caught: unknown;
    try {
      new RedisConnection(options as RedisModuleOptions);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toContain(problem);
  });
});
