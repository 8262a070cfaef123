import Redis, { Cluster } from 'ioredis';
import { stopSlotsRefreshOnEnd } from '@bff/redis';
import { eventually } from './eventually.helper';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster.helper';

describe('startRedisCluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster([cluster.nodes[0]], { retryDelayOnFailover: 100 });
    stopSlotsRefreshOnEnd(client); // else its refresh loop can outlive the disconnect
  }, 30_000);
  afterAll(async () => {
    client?.disconnect();
    await cluster?.stop();
  });

  it('forms 3 primaries with one replica each, serving every slot', async () => {
    const nodes = await cluster.topology();
    const primaries = nodes.filter((node) => node.role === 'primary');
    expect(nodes).toHaveLength(6);
    expect(primaries).toHaveLength(3);
    for (const primary of primaries) {
      expect(nodes.filter((node) => node.primaryId === primary.id)).toHaveLength(1);
    }
    expect(String(await client.cluster('INFO'))).toMatch(/^cluster_state:ok/m);
    await client.set('{drill}:a', '1');
    expect(await client.get('{drill}:a')).toBe('1');
    expect(cluster.env.split(',')).toEqual(cluster.nodes);
  });

  it.each(['handover', 'kill'] as const)(
    'failover (%s) promotes the replica of the primary serving a key, which keeps its value',
    async (mode) => {
      const key = `{drill-${mode}}:counter`;
      await client.set(key, '41');
      const primary = await cluster.primaryFor(key);
      // WAIT on that primary itself (a keyless WAIT through the cluster client may reach any node): the replica
      // has the write before the drill.
      const direct = new Redis({ host: '127.0.0.1', port: primary, lazyConnect: true });
      try {
        expect(await direct.wait(1, 1000)).toBe(1);
      } finally {
        direct.disconnect();
      }
      const before = await cluster.topology();
      const primaryId = before.find((node) => node.port === primary)?.id;
      const replicaOf = before.find((node) => node.primaryId === primaryId);
      const promoted = await cluster.failover(primary, mode);
      expect(promoted).toBe(replicaOf?.port);
      // every node agrees on the new owner of the key's slot within a bounded time
      await eventually(async () => (await cluster.primaryFor(key)) === promoted, 10_000);
      expect(await client.incr(key)).toBe(42);
    },
    30_000,
  );
});
