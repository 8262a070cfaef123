import Redis, { Cluster } from 'ioredis';
import { RedisRateLimitStore, type RateLimitRequest } from '@bff/rate-limit';
import { stopSlotsRefreshOnEnd } from '@bff/redis';
import { startRedisCluster, type TestRedisCluster } from '@bff/testing';
import { commandCalls } from '../../test/redis-process.helper';
import { policy, windowPolicy } from '../../test/policy.builder';

/** `EVALSHA` and `EVAL` calls per primary port, read from each node's `INFO commandstats`. */
async function scriptCalls(cluster: TestRedisCluster): Promise<Map<number, number>> {
  const calls = new Map<number, number>();
  for (const node of await cluster.topology()) {
    if (node.role !== 'primary') continue;
    const admin = new Redis(node.port, '127.0.0.1', { maxRetriesPerRequest: 0 });
    try {
      const stats = await commandCalls(admin);
      calls.set(node.port, (stats.evalsha ?? 0) + (stats.eval ?? 0));
    } finally {
      admin.disconnect();
    }
  }
  return calls;
}

describe('RedisRateLimitStore on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;
  let store: RedisRateLimitStore;
  const burst = policy({ name: 'burst', limit: 5, windowMs: 3_600_000 });
  const hourly = windowPolicy({ name: 'hourly', limit: 8, windowMs: 3_600_000 });
  const decision = (key: string): RateLimitRequest[] => [
    { key, policy: burst, cost: 1 },
    { key, policy: hourly, cost: 1 },
  ];

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster([cluster.nodes[0]], {
      scaleReads: 'master',
      redisOptions: { commandTimeout: 2000 },
    });
    stopSlotsRefreshOnEnd(client); // else its refresh loop can outlive the disconnect
    store = new RedisRateLimitStore(client);
    await client.cluster('INFO'); // connected, slots known
    await store.load(); // on every primary
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it('keeps the keys of one decision in one slot, and decides with ONE script call on its primary', async () => {
    const keys = decision('partner:acme').map((request) => store.redisKey(request));
    const slots = await Promise.all(keys.map((key) => client.cluster('KEYSLOT', key)));
    expect(new Set(slots).size).toBe(1);
    const owner = await cluster.primaryFor(keys[0]);

    const before = await scriptCalls(cluster);
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await store.decide(decision('partner:acme')));
    const after = await scriptCalls(cluster);

    expect(results.map((d) => d.allowed)).toEqual([true, true, true, true, true, false, false]);
    for (const [port, calls] of after) {
      expect({ port, calls: calls - (before.get(port) ?? 0) }).toEqual({
        port,
        calls: port === owner ? 7 : 0,
      });
    }
  });

  it('refuses a decision over two caller keys, which would span slots', async () => {
    await expect(
      store.decide([
        { key: 'a', policy: burst, cost: 1 },
        { key: 'b', policy: burst, cost: 1 },
      ]),
    ).rejects.toThrow('with Redis Cluster one decision must concern one caller key');
  });

  it.each(['handover', 'kill'] as const)(
    'after a failover (%s) of its primary the counter goes on where it was, at the promoted replica',
    async (mode) => {
      const key = `partner:${mode}`;
      for (let i = 0; i < 3; i++) expect((await store.decide(decision(key))).allowed).toBe(true);
      const primary = await cluster.primaryFor(store.redisKey(decision(key)[0]));
      // the replica has the counters before the drill (WAIT on that primary itself: a keyless command sent
      // through the cluster client may reach any node, a replica after the previous drill)
      const owner = client.nodes('master').find((node) => node.options.port === primary);
      await owner!.wait(1, 1000);
      const promoted = await cluster.failover(primary, mode);
      // Two more within the burst of 5, then the limit: the state survived and the script runs on the new primary
      // (EVAL reloads it where the replica's script cache lacks it).
      const next = [];
      for (let i = 0; i < 3; i++) next.push((await store.decide(decision(key))).allowed);
      expect(next).toEqual([true, true, false]);
      expect(await cluster.primaryFor(store.redisKey(decision(key)[0]))).toBe(promoted);
    },
    30_000,
  );
});
