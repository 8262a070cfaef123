import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Redis from 'ioredis';
import { freePort } from './free-port.helper';
import { spawnRedisChild, stopChild, withServer } from './redis-process';
import { waitUntil } from './wait.helper';

/** One node of a {@link TestRedisCluster} as the cluster sees it now. */
export interface TestClusterNode {
  id: string;
  port: number;
  role: 'primary' | 'replica';
  /** The primary's id, for a replica. */
  primaryId?: string;
}

/** How {@link TestRedisCluster.failover} promotes a replica. */
export type FailoverMode =
  /** `CLUSTER FAILOVER` on the replica: the primary hands over without losing a write (a planned switch). */
  | 'handover'
  /** SIGKILL the primary: the other primaries notice after the node timeout and the replica takes over. */
  | 'kill';

/** A Redis Cluster for one test run: 3 primaries with one replica each, on free ports. */
export interface TestRedisCluster {
  /** Seed nodes as `127.0.0.1:<port>`, every node of the cluster. */
  nodes: string[];
  /** The same, comma-separated: the value of `REDIS_CLUSTER_NODES`. */
  env: string;
  /** The nodes and their roles, read from a live node's `CLUSTER NODES`. */
  topology(): Promise<TestClusterNode[]>;
  /** Port of the primary serving `key`'s slot (its hash tag's, when it has one). */
  primaryFor(key: string): Promise<number>;
  /**
   * Promotes the replica of the primary on `port` and resolves once every live node reports `cluster_state:ok`
   * with the replica as primary of the slots (bounded by {@link StartRedisClusterOptions.failoverTimeoutMs}).
   * A killed primary stays down.
   * @returns the promoted replica's port
   */
  failover(port: number, mode?: FailoverMode): Promise<number>;
  /** Stops every node and removes their files. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface StartRedisClusterOptions {
  /**
   * `cluster-node-timeout` (in milliseconds): how long a primary may be unreachable before it is failed over.
   * Default is 1000, far below Redis' 15000, so a kill drill stays short.
   */
  nodeTimeoutMs?: number;
  /** Longest wait (in milliseconds) for the cluster to form. Default is 20000. */
  startTimeoutMs?: number;
  /** Longest wait (in milliseconds) for a failover to complete. Default is 15000. */
  failoverTimeoutMs?: number;
}

const PRIMARIES = 3;

/**
 * Starts a private Redis Cluster of 3 primaries and 3 replicas (`redis-server --cluster-enabled yes` per node in a
 * temporary directory, `redis-cli --cluster create ... --cluster-replicas 1`), resolved once every node reports
 * `cluster_state:ok`, knows all six, and every replica's link to its primary is up. Never uses `REDIS_URL`.
 * @example
 * const cluster = await startRedisCluster(); afterAll(() => cluster.stop());
 * const env = { REDIS_CLUSTER_NODES: cluster.env };
 * await cluster.failover(await cluster.primaryFor('{u1}'), 'kill');
 * @throws the `redis-server not found` error of {@link startRedisServer}, or what did not happen within its bound
 */
export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<TestRedisCluster> {
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1000;
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const failoverTimeoutMs = options.failoverTimeoutMs ?? 15_000;
  const dir = mkdtempSync(join(tmpdir(), 'bff-redis-cluster-'));
  const children = new Map<number, ChildProcess>();
  const stop = async (): Promise<void> => {
    await Promise.all([...children.values()].map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const ports = await distinctFreePorts(4 * PRIMARIES);
    await Promise.all(
      Array.from({ length: 2 * PRIMARIES }, async (_, i) => {
        const [port, busPort] = [ports[2 * i], ports[2 * i + 1]];
        const child = await spawnRedisChild(port, [
          '--cluster-enabled',
          'yes',
          '--cluster-port',
          String(busPort),
          '--cluster-config-file',
          join(dir, `nodes-${port}.conf`),
          '--cluster-node-timeout',
          String(nodeTimeoutMs),
          '--dir',
          dir,
        ]);
        children.set(port, child);
      }),
    );
    const nodes = [...children.keys()].map((port) => `127.0.0.1:${port}`);
    await redisCli(
      ['--cluster', 'create', ...nodes, '--cluster-replicas', '1', '--cluster-yes'],
      startTimeoutMs,
    );
    const live = (): number[] =>
      [...children]
        .filter(([, child]) => child.exitCode === null && child.signalCode === null)
        .map(([p]) => p);
    await waitUntil(() => settled(live()), startTimeoutMs, 'the cluster to form');
    return {
      nodes,
      env: nodes.join(','),
      topology: () => topology(live()[0]),
      primaryFor: async (key) => {
        const slot = Number(await withNode(live()[0], (c) => c.cluster('KEYSLOT', key)));
        const shards = await withNode(live()[0], (c) => c.cluster('SLOTS'));
        const owner = shards.find(([from, to]) => slot >= from && slot <= to)?.[2];
        if (!owner) throw new Error(`no primary serves slot ${slot}`);
        return Number(owner[1]);
      },
      failover: async (port, mode = 'handover') => {
        if (!live().includes(port)) throw new Error(`127.0.0.1:${port} is not a live node of this cluster`);
        const before = await topology(port);
        const primary = before.find((node) => node.port === port && node.role === 'primary');
        if (!primary) throw new Error(`127.0.0.1:${port} is not a primary`);
        const replica = before.find((node) => node.primaryId === primary.id);
        if (!replica) throw new Error(`127.0.0.1:${port} has no replica`);
        if (mode === 'kill') children.get(port)?.kill('SIGKILL');
        else await withNode(replica.port, (c) => c.cluster('FAILOVER'));
        await waitUntil(
          async () => {
            const alive = live().filter((p) => mode !== 'kill' || p !== port);
            if (!(await settled(alive))) return false;
            const now = await topology(replica.port);
            return now.some((node) => node.port === replica.port && node.role === 'primary');
          },
          failoverTimeoutMs,
          `127.0.0.1:${replica.port} to take over from 127.0.0.1:${port}`,
        );
        return replica.port;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * True when each of `ports` (the live nodes) reports `cluster_state:ok`, sees exactly those nodes alive (the
 * others flagged failed) with 3 primaries among them, and no replica's link to its primary is down.
 */
async function settled(ports: readonly number[]): Promise<boolean> {
  try {
    const views = await Promise.all(
      ports.map(async (port) => {
        const [info, nodes, replication] = await withNode(port, (c) =>
          Promise.all([c.cluster('INFO'), c.cluster('NODES'), c.info('replication')]),
        );
        return { info: String(info), nodes: parseNodes(String(nodes)), replication: String(replication) };
      }),
    );
    return views.every(
      (view) =>
        /^cluster_state:ok/m.test(view.info) &&
        view.nodes.filter((node) => !node.failed).length === ports.length &&
        view.nodes.filter((node) => node.role === 'primary' && !node.failed).length === PRIMARIES &&
        !/^master_link_status:down/m.test(view.replication),
    );
  } catch {
    return false; // a node not answering yet, or going away: not settled
  }
}

async function topology(port: number): Promise<TestClusterNode[]> {
  const nodes = parseNodes(String(await withNode(port, (c) => c.cluster('NODES'))));
  return nodes
    .filter((node) => !node.failed)
    .map(({ id, port: p, role, primaryId }) => ({ id, port: p, role, ...(primaryId ? { primaryId } : {}) }));
}

/** `CLUSTER NODES` lines: `<id> <ip:port@bus> <flags> <primary id or -> ...`. */
function parseNodes(text: string): (TestClusterNode & { failed: boolean })[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [id, address, flags, primaryId] = line.split(' ');
      const flagSet = new Set(flags.split(','));
      return {
        id,
        port: Number(address.split('@')[0].split(':').pop()),
        role: flagSet.has('master') ? ('primary' as const) : ('replica' as const),
        ...(primaryId && primaryId !== '-' ? { primaryId } : {}),
        failed: flagSet.has('fail') || flagSet.has('noaddr') || flagSet.has('handshake'),
      };
    });
}

/** Runs `fn` on a short-lived plain connection to one node (no cluster routing). */
function withNode<T>(port: number, fn: (client: Redis) => Promise<T>): Promise<T> {
  return withServer(port, fn, 1000);
}

function redisCli(args: readonly string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', [...args], { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(`redis-cli ${args.slice(0, 2).join(' ')} failed: ${err.message}\n${stdout}${stderr}`),
        );
      else resolve(stdout);
    });
  });
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
