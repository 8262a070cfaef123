import { ConfigError } from '@bff/core';
import Redis, { Cluster } from 'ioredis';
import {
  createRedisClient,
  readRedisEnv,
  reconnectDelayMs,
  redisTarget,
  resolveRedisOptions,
} from '@bff/redis';

describe('Redis options', () => {
  it('applies fail-fast defaults', () => {
    expect(resolveRedisOptions({ url: 'redis://127.0.0.1:6379' })).toEqual({
      url: 'redis://127.0.0.1:6379',
      connectionName: undefined,
      connectTimeoutMs: 1000,
      commandTimeoutMs: 500,
      maxRetriesPerRequest: 1,
      reconnectBaseDelayMs: 50,
      reconnectMaxDelayMs: 2000,
      quitTimeoutMs: 1000,
      readiness: { name: 'redis', critical: false, timeoutMs: undefined },
    });
  });

  it.each([
    [1, 0, 25],
    [1, 1, 50],
    [3, 1, 200],
    [10, 1, 2000],
    [1000, 0.5, 1500],
  ])('reconnect attempt %i with jitter %d waits %i ms (doubling, capped)', (attempt, jitter, expected) => {
    expect(reconnectDelayMs(attempt, 50, 2000, () => jitter)).toBe(expected);
  });

  it('reads REDIS_URL: unset is in-memory, a non-redis URL is named', () => {
    expect(readRedisEnv({})).toEqual({ url: undefined });
    expect(readRedisEnv({ REDIS_URL: 'rediss://:pw@cache:6380/2' })).toEqual({
      url: 'rediss://:pw@cache:6380/2',
    });
    expect(() => readRedisEnv({ REDIS_URL: 'http://cache' })).toThrow(ConfigError);
    expect(() => readRedisEnv({ REDIS_URL: 'http://cache' })).toThrow(
      /REDIS_URL: must use redis: or rediss:, got "http:"/,
    );
  });

  it('resolves a cluster: seed nodes parsed, credentials and TLS from the URL that carries them', () => {
    const resolved = resolveRedisOptions({
      cluster: { nodes: ['rediss://10.0.0.1:7000', 'rediss://app:s%40cret@10.0.0.2:7001', 'rediss://[::1]'] },
    });
    expect(resolved.url).toBeUndefined();
    expect(resolved.cluster).toEqual({
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 6379 },
      ],
      username: 'app',
      password: 's@cret',
      tls: true,
      retryDelayOnFailoverMs: 100,
      maxRedirections: 16,
      slotsRefreshIntervalMs: 5000,
    });
  });

  it.each([
    [{ url: 'redis://a:1', cluster: { nodes: ['a:1'] } }, 'redis: give url or cluster, not both'],
    [{ cluster: { nodes: [] } }, 'redis cluster.nodes: needs at least one node'],
    [
      { cluster: { nodes: ['a:1', 'http://b:2'] } },
      'redis cluster.nodes[1]: must use redis: or rediss:, got "http:"',
    ],
    [
      { cluster: { nodes: ['redis://:hunter2@a:1/3'] } },
      'redis cluster.nodes[0]: must be host:port or redis://[user:password@]host:port, got "redis://***@a:1/3"',
    ],
    [{ cluster: { nodes: ['a:1', 'rediss://b:2'] } }, 'redis cluster.nodes: mix redis: and rediss:; use one'],
    [
      { cluster: { nodes: ['a:1'], maxRedirections: 0 } },
      'redis cluster.maxRedirections: must be an integer between 1 and 100, got 0',
    ],
  ])('refuses a bad cluster: %j', (options, problem) => {
    let caught: unknown;
    try {
      resolveRedisOptions(options);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toContain(problem);
  });

  it('reads REDIS_CLUSTER_NODES: a cluster target; beside REDIS_URL or malformed, named', () => {
    const config = readRedisEnv({ REDIS_CLUSTER_NODES: 'redis-0:6379, redis-1:6379 ,redis-2:6379' });
    expect(config).toEqual({ cluster: { nodes: ['redis-0:6379', 'redis-1:6379', 'redis-2:6379'] } });
    expect(redisTarget(config)).toEqual({
      cluster: { nodes: ['redis-0:6379', 'redis-1:6379', 'redis-2:6379'] },
    });
    expect(redisTarget(readRedisEnv({ REDIS_URL: 'redis://cache:6379' }))).toEqual({
      url: 'redis://cache:6379',
    });
    expect(redisTarget(readRedisEnv({}))).toBeUndefined();
    expect(() => readRedisEnv({ REDIS_URL: 'redis://a', REDIS_CLUSTER_NODES: 'b:1' })).toThrow(
      /REDIS_CLUSTER_NODES: set REDIS_URL \(one server\) or REDIS_CLUSTER_NODES \(a cluster\), not both/,
    );
    expect(() => readRedisEnv({ REDIS_CLUSTER_NODES: 'a:1,ftp://b' })).toThrow(
      /REDIS_CLUSTER_NODES: must use redis: or rediss:, got "ftp:"/,
    );
  });

  it('builds a fail-fast single-server client that pipelines the commands of one tick into one write', async () => {
    const options = resolveRedisOptions({ url: 'redis://127.0.0.1:6399', commandTimeoutMs: 80 });
    const failFast = createRedisClient(options) as Redis;
    const blocking = createRedisClient(options, { blocking: true }) as Redis;
    try {
      expect(failFast.options).toMatchObject({
        lazyConnect: true,
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        commandTimeout: 80,
      });
      // a blocking worker's commands wait on the server: never batched behind one another
      expect(blocking.options).toMatchObject({ enableOfflineQueue: true, enableAutoPipelining: false });
    } finally {
      failFast.disconnect();
      blocking.disconnect();
    }
  });

  it('builds a fail-fast Cluster client reading and writing on primaries, or a blocking one for job workers', () => {
    const options = resolveRedisOptions({
      cluster: { nodes: ['redis://:pw@10.0.0.1:7000'] },
      commandTimeoutMs: 80,
    });
    const failFast = createRedisClient(options) as Cluster;
    const blocking = createRedisClient(options, { blocking: true }) as Cluster;
    try {
      expect(failFast).toBeInstanceOf(Cluster);
      expect(failFast.options).toMatchObject({
        lazyConnect: true,
        enableOfflineQueue: false,
        enableReadyCheck: true,
        scaleReads: 'master',
        retryDelayOnFailover: 100,
        redisOptions: { commandTimeout: 80, maxRetriesPerRequest: 1, password: 'pw' },
      });
      expect(failFast.status).toBe('wait'); // nothing connects until the app starts
      expect(blocking.options).toMatchObject({
        enableOfflineQueue: true,
        redisOptions: { maxRetriesPerRequest: null, password: 'pw' },
      });
      expect(blocking.options.redisOptions?.commandTimeout).toBeUndefined();
    } finally {
      failFast.disconnect();
      blocking.disconnect();
    }
  });

  it('builds a client that connects at once, and whose duplicates do too, for a library that waits for ready', () => {
    const single = resolveRedisOptions({ url: 'redis://127.0.0.1:1' });
    const cluster = resolveRedisOptions({ cluster: { nodes: ['127.0.0.1:1'] } });
    const clients = [
      createRedisClient(single, { blocking: true, lazy: false }),
      createRedisClient(cluster, { blocking: true, lazy: false }),
    ];
    const duplicates = clients.map((client) =>
      client instanceof Cluster ? client.duplicate() : (client as Redis).duplicate(),
    );
    try {
      for (const client of [...clients, ...duplicates]) {
        client.on('error', () => undefined); // nothing listens on 127.0.0.1:1
        expect(client.options.lazyConnect).toBe(false);
        expect(client.status).not.toBe('wait');
      }
    } finally {
      for (const client of [...clients, ...duplicates]) client.disconnect();
    }
  });
});
