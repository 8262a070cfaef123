import type { Cluster } from 'ioredis';
import { RedisConnection } from '@bff/redis';
import { waitUntil, type TestRedisCluster } from '@bff/testing';
import type { DemoStack } from '../../apps/demo-upstreams/src/demo-stack';
import { startCheckedPartnerBff } from './partner-bff';

/**
 * The test's own connection to `cluster` (to read keys and send `WAIT`), connected. Its commands get 3 s: a
 * loaded machine must not fail the test's reads.
 */
export async function connectClusterAdmin(cluster: TestRedisCluster): Promise<RedisConnection> {
  const admin = new RedisConnection({
    cluster: { nodes: [cluster.nodes[0]] },
    readiness: false,
    commandTimeoutMs: 3000,
  });
  admin.connect();
  await waitUntil(() => admin.connected, 5000, 'the admin connection');
  return admin;
}

/** Keys matching `pattern` on every primary of the cluster `admin` is connected to. */
export async function scanCluster(admin: RedisConnection, pattern: string): Promise<string[]> {
  const primaries = (admin.client as Cluster).nodes('master');
  const found = await Promise.all(
    primaries.map(async (node) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        keys.push(...batch);
        cursor = next;
      } while (cursor !== '0');
      return keys;
    }),
  );
  return found.flat();
}

/** Two checked partner-bff replicas with `env` (a cluster's `REDIS_CLUSTER_NODES` in it), once both are ready. */
export async function startPartnerReplicas(
  stack: DemoStack,
  env: Record<string, string>,
): Promise<Awaited<ReturnType<typeof startCheckedPartnerBff>>[]> {
  const replicas = await Promise.all([
    startCheckedPartnerBff(stack, env),
    startCheckedPartnerBff(stack, env),
  ]);
  await waitUntil(
    async () =>
      (await Promise.all(replicas.map((bff) => bff.call('/health/ready')))).every((r) => r.status === 200),
    10_000,
    'the replicas to reach the cluster',
  );
  return replicas;
}
