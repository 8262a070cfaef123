import Redis from 'ioredis';
import { startRedisServer } from './redis-server.helper';

describe('startRedisServer', () => {
  it('starts a redis-server that answers, then stops it', async () => {
    const server = await startRedisServer();
    const client = new Redis(server.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      await client.set('testing:key', 'value');
      expect(await client.get('testing:key')).toBe('value');
    } finally {
      await client.quit();
      await server.stop();
    }
    if (!process.env.REDIS_URL) {
      const after = new Redis(server.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      after.on('error', () => undefined);
      await expect(after.connect()).rejects.toThrow();
      expect(after.status).toBe('end');
    }
  });

  it('says so when redis-server is not on PATH and REDIS_URL is unset', async () => {
    const saved = { path: process.env.PATH, url: process.env.REDIS_URL };
    process.env.PATH = '/nonexistent';
    delete process.env.REDIS_URL;
    try {
      await expect(startRedisServer()).rejects.toThrow(
        'redis-server not found on PATH and REDIS_URL not set',
      );
    } finally {
      process.env.PATH = saved.path;
      if (saved.url !== undefined) process.env.REDIS_URL = saved.url;
    }
  });

  it('uses REDIS_URL when set, without starting anything', async () => {
    const saved = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:6390';
    try {
      const server = await startRedisServer();
      expect(server).toMatchObject({ url: 'redis://127.0.0.1:6390', port: 6390 });
      await server.stop();
    } finally {
      if (saved === undefined) delete process.env.REDIS_URL;
      else process.env.REDIS_URL = saved;
    }
  });
});
