import type { Cluster } from 'ioredis';
import { RedisConnection } from '@bff/redis';
import {
  DEMO_PARTNERS,
  fetchClientToken,
  startRedisCluster,
  waitUntil,
  type TestRedisCluster,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../../apps/demo-upstreams/src/demo-stack';
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

type CheckedPartnerBff = Awaited<ReturnType<typeof startCheckedPartnerBff>>;

/** Two checked partner-bff replicas with `env` (a cluster's `REDIS_CLUSTER_NODES` in it), once both are ready. */
export async function startPartnerReplicas(
  stack: DemoStack,
  env: Record<string, string>,
): Promise<CheckedPartnerBff[]> {
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

/** What {@link startPartnerCluster} started; `close()` stops all of it. */
export interface PartnerCluster {
  /** A Redis Cluster of 3 primaries and 3 replicas. */
  cluster: TestRedisCluster;
  stack: DemoStack;
  /** Two checked partner-bff replicas on the cluster and the stack, both ready. */
  replicas: CheckedPartnerBff[];
  /** The test's own connection to the cluster (see {@link connectClusterAdmin}). */
  admin: RedisConnection;
  /** acme's client token. */
  acme: string;
  close(): Promise<void>;
}

/**
 * A Redis Cluster and the demo stack, then two partner-bff replicas configured by `REDIS_CLUSTER_NODES` and
 * `env(stack)` (which may first start what they need, e.g. a proxy in front of an upstream), the test's admin
 * connection and acme's token. When a step fails, what had started is stopped again.
 */
export async function startPartnerCluster(
  env: (stack: DemoStack) => Record<string, string> | Promise<Record<string, string>>,
): Promise<PartnerCluster> {
  const started: Partial<PartnerCluster> = {};
  const close = async (): Promise<void> => {
    await Promise.all((started.replicas ?? []).map((bff) => bff.close()));
    await started.admin?.close();
    await started.stack?.close();
    await started.cluster?.stop();
  };
  try {
    const [cluster, stack] = await Promise.all([startRedisCluster(), startDemoStack()]);
    Object.assign(started, { cluster, stack });
    const replicaEnv = { REDIS_CLUSTER_NODES: cluster.env, ...(await env(stack)) };
    started.replicas = await startPartnerReplicas(stack, replicaEnv);
    started.admin = await connectClusterAdmin(cluster);
    const acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    return { ...(started as Omit<PartnerCluster, 'acme' | 'close'>), acme, close };
  } catch (err) {
    await close();
    throw err;
  }
}
