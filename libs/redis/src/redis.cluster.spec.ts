import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster, ReplyError } from 'ioredis';
import { RedisConnection } from '@bff/redis';
import { startRedisCluster, type TestRedisCluster } from '@bff/testing';
import { appWith, until } from '../test/probe-app';

describe('RedisModule against a Redis Cluster (3 primaries, 3 replicas)', () => {
  let cluster: TestRedisCluster;
  let app: NestFastifyApplication;
  let redis: RedisConnection;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    // one seed node is enough: the client discovers the others
    app = await appWith({ cluster: { nodes: [cluster.nodes[0]] }, connectionName: 'probe-cluster' });
    redis = app.get(RedisConnection);
    await until(() => redis.connected, 5000);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  afterAll(() => {
    expect(redis.client.status).toBe('end'); // quit on shutdown, no reconnect timers left
  });

  it('is a Cluster client, routes keys of every slot, and is ready on cluster_state:ok', async () => {
    expect(redis.client).toBeInstanceOf(Cluster);
    const keys = Array.from({ length: 30 }, (_, i) => `probe:${i}`);
    await Promise.all(keys.map((key, i) => redis.run((c) => c.set(key, String(i)))));
    expect(await Promise.all(keys.map((key) => redis.run((c) => c.get(key))))).toEqual(
      keys.map((_, i) => String(i)),
    );
    const owners = new Set(await Promise.all(keys.map((key) => cluster.primaryFor(key))));
    expect(owners.size).toBe(3); // the keys really were spread over the three primaries
    const res = await app.inject({ method: 'GET', url: '/health/ready?detail=true' });
    expect(res.json()).toMatchObject({
      status: 'ok',
      checks: { redis: 'up' },
      detail: { status: { redis: { mode: 'cluster', status: 'ready', connected: true } } },
    });
  });

  it('a closed cluster connection leaves no slot-refresh timer behind, even with a refresh in flight at close', async () => {
    const conn = new RedisConnection({ cluster: { nodes: [cluster.nodes[0]], slotsRefreshIntervalMs: 100 } });
    conn.connect();
    await until(() => conn.connected, 5000);
    // ioredis' own refresh loop: a refresh whose callback arms the next round (its `slotsRefreshInterval`)
    const loop = conn.client as unknown as {
      refreshSlotsCache(callback: () => void): void;
      resetNodesRefreshInterval(): void;
      isRefreshing: boolean;
      slotsTimer: NodeJS.Timeout | null;
    };
    loop.refreshSlotsCache(() => loop.resetNodesRefreshInterval());
    expect(loop.isRefreshing).toBe(true);
    await conn.close();
    await until(() => !loop.isRefreshing, 5000);
    // a timer left here would refresh, fail and re-arm every interval, keeping the process alive
    expect(loop.slotsTimer ?? null).toBeNull();
    expect(conn.client.status).toBe('end');
  });

  it('keys of one hash tag share a slot; a command across slots is Redis’ own CROSSSLOT answer', async () => {
    await expect(redis.run((c) => c.mset('{t1}:a', '1', '{t1}:b', '2'))).resolves.toBe('OK');
    const err = await redis.run((c) => c.mset('t1:a', '1', 't2:b', '2')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyError);
    expect(String((err as Error).message)).toMatch(/^CROSSSLOT/);
  });

  it.each(['handover', 'kill'] as const)(
    'a primary failover (%s) mid-load: writes of its slots go on at the promoted replica, readiness recovers',
    async (mode) => {
      const key = `{failover-${mode}}:n`;
      const primary = await cluster.primaryFor(key);
      let writing = true;
      let written = 0;
      const failures: string[] = [];
      const load = (async () => {
        while (writing) {
          try {
            await redis.run((c) => c.incr(key));
            written++;
          } catch (err) {
            failures.push((err as { code?: string }).code ?? String(err));
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
      })();
      await until(() => written >= 20, 5000);
      const promoted = await cluster.failover(primary, mode);
      const afterFailover = written;
      await until(() => written >= afterFailover + 20, 10_000);
      writing = false;
      await load;
      expect(await cluster.primaryFor(key)).toBe(promoted);
      console.info(`cluster ${mode}: ${written} increments, ${failures.length} failed commands`);
      // every increment that succeeded is there; a failed one may have landed too (its answer was lost)
      const value = Number(await redis.run((c) => c.get(key)));
      expect(value).toBeGreaterThanOrEqual(written);
      expect(value).toBeLessThanOrEqual(written + failures.length);
      // a handover loses nothing and answers every command; a kill may fail commands only with the lib's code
      if (mode === 'handover') expect(failures).toEqual([]);
      expect(failures.filter((code) => code !== 'BFF_ERR_REDIS_UNAVAILABLE')).toEqual([]);
      const res = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.json()).toMatchObject({ status: 'ok', checks: { redis: 'up' } });
    },
    40_000,
  );

  it('a write acknowledged together with WAIT 1 (one pipeline, one node) survives SIGKILL of its primary', async () => {
    // a key whose primary still has a replica (an earlier kill left one primary without)
    const nodes = await cluster.topology();
    const replicated = (port: number) => {
      const id = nodes.find((node) => node.port === port)?.id;
      return id !== undefined && nodes.some((node) => node.primaryId === id);
    };
    let key = '';
    let primary = 0;
    for (let n = 0; !replicated(primary); n++) {
      key = `{idem:partner-${n}}:order-1`;
      primary = await cluster.primaryFor(key);
    }
    // The pipeline goes to the key's primary, so WAIT counts that primary's replicas.
    const replies = await redis.run((c) =>
      c.pipeline().set(key, 'record', 'PX', 60_000).wait(1, 1000).exec(),
    );
    expect(replies).toEqual([
      [null, 'OK'],
      [null, 1],
    ]);
    await cluster.failover(primary, 'kill');
    expect(await redis.run((c) => c.get(key))).toBe('record');
  }, 30_000);
});
