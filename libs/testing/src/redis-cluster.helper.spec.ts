import { Cluster } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster.helper';

describe('startRedisCluster', () => {
  let cluster: TestRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    client = new Cluster([cluster.nodes[0]], { retryDelayOnFailover: 100 });
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
      // One pipeline goes to the key's primary, WAIT included (alone, a keyless WAIT may reach any node, a
      // replica after the previous drill): the replica has the write before the drill.
      const [[setError], [waitError]] = (await client.pipeline().set(key, '41').wait(1, 1000).exec()) ?? [
        [],
        [],
      ];
      expect([setError, waitError]).toEqual([null, null]);
      const primary = await cluster.primaryFor(key);
      const before = await cluster.topology();
      const primaryId = before.find((node) => node.port === primary)?.id;
      const replicaOf = before.find((node) => node.primaryId === primaryId);
      const promoted = await cluster.failover(primary, mode);
      expect(promoted).toBe(replicaOf?.port);
      expect(await cluster.primaryFor(key)).toBe(promoted);
      expect(await client.incr(key)).toBe(42);
    },
    30_000,
  );
});
