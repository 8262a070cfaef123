import Redis from 'ioredis';
import { FakeClock } from '@bff/core';
import { RedisConnection, RedisUnavailableError } from '@bff/redis';
import { startRedisCluster, waitUntil, type TestRedisCluster } from '@bff/testing';
import { describeIdempotencyStore } from '../../test/idempotency-store.contract';
import { NO_REPLICA_RECHECK_MS, RedisIdempotencyStore } from './redis-idempotency.store';

const FP = 'a'.repeat(64);
const RESPONSE = { status: 201, headers: { location: '/v1/orders/o1' }, body: { id: 'o1' } };

/** Runs `fn` on a plain connection to one node (no cluster routing). */
async function onNode<T>(port: number, fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

describe('RedisIdempotencyStore on a Redis Cluster (3 primaries, 3 replicas, WAIT 1)', () => {
  let cluster: TestRedisCluster;
  let redis: RedisConnection;
  let store: RedisIdempotencyStore;
  let n = 0;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    redis = new RedisConnection({ cluster: { nodes: [cluster.nodes[0]] }, readiness: false });
    redis.connect();
    await waitUntil(() => redis.connected, 5000, 'the cluster connection');
    store = new RedisIdempotencyStore(redis, { replicas: 1, replicaWaitMs: 200 });
  }, 30_000);
  afterAll(async () => {
    await redis?.close();
    await cluster?.stop();
  });

  describeIdempotencyStore('RedisIdempotencyStore (cluster)', () => store);

  /** The port of the record's primary and of its replica, for a key nobody used yet. */
  async function freshKey(): Promise<{
    id: { scope: string; key: string };
    primary: number;
    replica?: number;
  }> {
    const id = { scope: `client:partner-${++n}`, key: `key-${n}` };
    const primary = await cluster.primaryFor(store.redisKey(id));
    const nodes = await cluster.topology();
    const primaryId = nodes.find((node) => node.port === primary)?.id;
    return { id, primary, replica: nodes.find((node) => node.primaryId === primaryId)?.port };
  }

  it("spreads partners over the primaries, and a claim and its answer are on the key's replica when acknowledged", async () => {
    const primaries = new Set<number>();
    for (let i = 0; i < 12; i++) primaries.add((await freshKey()).primary);
    expect(primaries.size).toBe(3);

    const { id, replica } = await freshKey();
    const claim = await store.claim(id, FP, 60_000);
    if (claim.state !== 'claimed') throw new Error('not claimed');
    const onReplica = () => onNode(replica!, async (c) => (await c.readonly(), c.get(store.redisKey(id))));
    expect(await onReplica()).toMatch(/^0:/); // no wait: WAIT 1 answered only once the replica had it
    expect(
      await store.complete(id, { token: claim.token, fingerprint: FP, response: RESPONSE, ttlMs: 60_000 }),
    ).toBe(true);
    expect(await onReplica()).toMatch(/^1:/);
  });

  it('a claim its lagging replica did not acknowledge is released and refused (503, nothing ran)', async () => {
    const { id, replica } = await freshKey();
    const pid = Number(
      await onNode(replica!, async (c) => /process_id:(\d+)/.exec(await c.info('server'))![1]),
    );
    process.kill(pid, 'SIGSTOP'); // connected, but acknowledging nothing
    try {
      const err = await store.claim(id, FP, 60_000).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisUnavailableError);
      expect((err as Error).message).toMatch(/not replicated within 200 ms/);
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    // the refused claim did not hold the key: once the resumed replica acknowledges again (it may take a moment
    // to catch up, and until then a claim is refused the same way), the key is claimed, not found in flight
    let again: unknown;
    await waitUntil(
      async () => {
        again = await store.claim(id, FP, 60_000).catch((e: unknown) => e);
        return !(again instanceof RedisUnavailableError);
      },
      10_000,
      'the resumed replica to acknowledge',
      100,
    );
    expect(again).toMatchObject({ state: 'claimed' });
  }, 20_000);

  it('a record acknowledged by its replica survives SIGKILL of its primary; the promoted primary, without a replica, takes claims', async () => {
    const { id, primary } = await freshKey();
    const claim = await store.claim(id, FP, 60_000);
    if (claim.state !== 'claimed') throw new Error('not claimed');
    await store.complete(id, { token: claim.token, fingerprint: FP, response: RESPONSE, ttlMs: 60_000 });
    await cluster.failover(primary, 'kill'); // right after the answer: only what was replicated is left
    expect(await store.claim(id, FP, 60_000)).toEqual({
      state: 'completed',
      fingerprint: FP,
      response: RESPONSE,
    });
    // a key of the same primary, now without a replica: WAIT cannot be met, and nothing can lose the record
    const clock = new FakeClock();
    const orphans = new RedisIdempotencyStore(redis, { replicas: 1, replicaWaitMs: 200, clock });
    const pipelines = jest.spyOn(redis.client, 'pipeline');
    try {
      const orphan = (i: number) => ({ scope: id.scope, key: `${id.key}-after-${i}` });
      expect((await orphans.claim(orphan(1), FP, 60_000)).state).toBe('claimed');
      expect(pipelines).toHaveBeenCalledTimes(1);
      // known to have no replica: its next records skip WAIT (which holds the connection) for a while
      expect((await orphans.claim(orphan(2), FP, 60_000)).state).toBe('claimed');
      expect(pipelines).toHaveBeenCalledTimes(1);
      clock.advance(NO_REPLICA_RECHECK_MS);
      expect((await orphans.claim(orphan(3), FP, 60_000)).state).toBe('claimed');
      expect(pipelines).toHaveBeenCalledTimes(2); // checked again: a replica may have attached
    } finally {
      pipelines.mockRestore();
    }
  }, 30_000);
});
