import { ConfigError, env, type Env, readEnv } from '@bff/core';
import { parseClusterNode, type RedisModuleOptions } from './redis.options';

/** The Redis slice of a BFF's environment: one server, a cluster, or neither (in-memory stores). */
export interface RedisEnvConfig {
  /** `REDIS_URL` (`redis:` or `rediss:`); undefined with a cluster or without Redis. */
  url?: string;
  /** `REDIS_CLUSTER_NODES`, the cluster's seed nodes; undefined without a cluster. */
  cluster?: { nodes: string[] };
}

/**
 * Reads and validates `REDIS_URL` or `REDIS_CLUSTER_NODES` (comma-separated seed nodes, each `host:port` or
 * `redis[s]://[user:password@]host:port`; one reachable node is enough, the rest is discovered). At most one
 * of them; neither means in-memory stores, one process, nothing connects.
 * @example
 * const redis = readRedisEnv(process.env);
 * const target = redisTarget(redis); if (target) RedisModule.forRoot({ ...target, connectionName: 'kiosk-bff' });
 * @throws ConfigError (BFF_ERR_CONFIG) naming the variable: a bad URL or node, or both variables set
 */
export function readRedisEnv(source: Env): RedisEnvConfig {
  const raw = readEnv(source, {
    REDIS_URL: env.optionalUrl({ protocols: ['redis:', 'rediss:'] }),
    REDIS_CLUSTER_NODES: env.list([]),
  });
  const nodes = raw.REDIS_CLUSTER_NODES;
  const problems = nodes.flatMap((node) => {
    const parsed = parseClusterNode(node);
    return typeof parsed === 'string' ? [`REDIS_CLUSTER_NODES: ${parsed}`] : [];
  });
  if (raw.REDIS_URL !== undefined && nodes.length > 0)
    problems.push(
      'REDIS_CLUSTER_NODES: set REDIS_URL (one server) or REDIS_CLUSTER_NODES (a cluster), not both',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return nodes.length > 0 ? { cluster: { nodes } } : { url: raw.REDIS_URL };
}

/**
 * What to connect to, as {@link RedisModuleOptions}' `url` or `cluster`; undefined when Redis is not configured.
 * @example const target = redisTarget(config.redis); const imports = target ? [RedisModule.forRoot(target)] : [];
 */
export function redisTarget(config: RedisEnvConfig): Pick<RedisModuleOptions, 'url' | 'cluster'> | undefined {
  if (config.cluster) return { cluster: { nodes: config.cluster.nodes } };
  return config.url === undefined ? undefined : { url: config.url };
}
