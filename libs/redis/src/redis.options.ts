import { ConfigError } from '@bff/core';

/**
 * Options of {@link RedisModule} and {@link RedisConnection}. Every number is validated eagerly; defaults
 * favour failing fast over waiting: a BFF answers from its fallback rather than queue behind a dead Redis.
 * @example RedisModule.forRoot({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 250 })
 */
export interface RedisModuleOptions {
  /**
   * `redis://` or `rediss://` URL of one server; may carry user, password and database
   * (`redis://:secret@host:6379/2`). Give exactly one of `url` and `cluster`.
   */
  url?: string;
  /** A Redis Cluster instead of one server (see {@link RedisClusterOptions}). Give exactly one of `url` and `cluster`. */
  cluster?: RedisClusterOptions;
  /** Name the connection gives itself (`CLIENT SETNAME`), e.g. the app's name. Default is none. */
  connectionName?: string;
  /** Time (in milliseconds) to establish the TCP connection. Default is 1000 (1 second). */
  connectTimeoutMs?: number;
  /** Time (in milliseconds) one command may take before it fails. Default is 500. */
  commandTimeoutMs?: number;
  /** Times a command interrupted by a lost connection is resent after reconnecting. Default is 1. */
  maxRetriesPerRequest?: number;
  /** First reconnect delay (in milliseconds), doubled per failed attempt. Default is 50. */
  reconnectBaseDelayMs?: number;
  /** Longest reconnect delay (in milliseconds); attempts never stop. Default is 2000 (2 seconds). */
  reconnectMaxDelayMs?: number;
  /** Time (in milliseconds) a graceful `QUIT` may take on shutdown before the socket is dropped. Default is 1000. */
  quitTimeoutMs?: number;
  /** The connection's readiness check, or `false` for none. Default is `{ name: 'redis', critical: false }`. */
  readiness?: RedisReadinessOptions | false;
}

/**
 * A Redis Cluster: the client learns the slot map from any seed node, sends each command to the primary that
 * owns its key's slot (writes and reads alike: no reads from replicas, which lag), follows `MOVED`/`ASK`, and
 * after a failover resends an interrupted command to the promoted replica.
 * @example RedisModule.forRoot({ cluster: { nodes: ['redis-0:6379', 'redis-1:6379', 'redis-2:6379'] } })
 */
export interface RedisClusterOptions {
  /**
   * Seed nodes, at least one (more survive one being down): `host:port`, or `redis://[user:password@]host:port`
   * (`rediss:` for TLS). Credentials and TLS of the first URL that carries them apply to every node.
   */
  nodes: readonly string[];
  /**
   * Delay (in milliseconds) before a command that met a closed connection (a primary gone) or `CLUSTERDOWN` is
   * resent, after refreshing the slot map; it is resent until it succeeds or fails `maxRedirections` times.
   * Default is 100.
   */
  retryDelayOnFailoverMs?: number;
  /** Redirections and failover retries one command may take before it fails. Default is 16. */
  maxRedirections?: number;
  /** Interval (in milliseconds) between slot-map refreshes, so a failover is learnt without traffic. Default is 5000. */
  slotsRefreshIntervalMs?: number;
}

/** A seed node of a cluster, parsed. */
export interface RedisClusterNode {
  host: string;
  port: number;
}

/** {@link RedisClusterOptions} with defaults applied and nodes parsed. */
export interface ResolvedRedisClusterOptions {
  nodes: RedisClusterNode[];
  username?: string;
  password?: string;
  tls: boolean;
  retryDelayOnFailoverMs: number;
  maxRedirections: number;
  slotsRefreshIntervalMs: number;
}

/** How the connection takes part in `/health/ready`. */
export interface RedisReadinessOptions {
  /** Check and status name. Default is `redis`. */
  name?: string;
  /**
   * Whether the app is unready while Redis is down. Default is false: the libs using Redis fall back
   * (a per-process limiter, no shared cache), so a Redis outage degrades the app instead of taking every
   * replica out of the load balancer at once. Set true when a store fails closed.
   */
  critical?: boolean;
  /** Time (in milliseconds) the check may take. Default is the registry's (1000). */
  timeoutMs?: number;
}

/** Options with their defaults applied. */
export interface ResolvedRedisOptions extends Required<
  Omit<RedisModuleOptions, 'url' | 'cluster' | 'connectionName' | 'readiness'>
> {
  /** The one server's URL; undefined with a cluster. */
  url?: string;
  /** The cluster; undefined with one server. */
  cluster?: ResolvedRedisClusterOptions;
  connectionName?: string;
  readiness: (Required<Omit<RedisReadinessOptions, 'timeoutMs'>> & { timeoutMs?: number }) | false;
}

const DEFAULTS = {
  connectTimeoutMs: 1000,
  commandTimeoutMs: 500,
  maxRetriesPerRequest: 1,
  reconnectBaseDelayMs: 50,
  reconnectMaxDelayMs: 2000,
  quitTimeoutMs: 1000,
} as const;

const LIMITS: Record<keyof typeof DEFAULTS, [number, number]> = {
  connectTimeoutMs: [1, 60_000],
  commandTimeoutMs: [1, 60_000],
  maxRetriesPerRequest: [0, 10],
  reconnectBaseDelayMs: [1, 60_000],
  reconnectMaxDelayMs: [1, 300_000],
  quitTimeoutMs: [1, 60_000],
};

/**
 * Applies defaults and validates every option at once.
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad option
 */
export function resolveRedisOptions(options: RedisModuleOptions): ResolvedRedisOptions {
  const problems: string[] = [];
  const hasCluster = options?.cluster !== undefined;
  if (options?.url !== undefined && hasCluster) {
    problems.push('redis: give url or cluster, not both');
  } else if (!hasCluster) {
    if (typeof options?.url !== 'string') problems.push('redis url: is required');
    else problems.push(...urlProblems(options.url, 'redis url'));
  }
  const cluster = hasCluster ? resolveCluster(options.cluster!, problems) : undefined;
  const numbers = integers(options, DEFAULTS, LIMITS, 'redis ', problems);
  if (numbers.reconnectMaxDelayMs < numbers.reconnectBaseDelayMs)
    problems.push('redis reconnectMaxDelayMs: must not be below reconnectBaseDelayMs');
  const readiness = options?.readiness;
  const timeoutMs = readiness ? readiness.timeoutMs : undefined;
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1))
    problems.push(`redis readiness.timeoutMs: must be a positive integer, got ${String(timeoutMs)}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(cluster ? { cluster } : { url: options.url }),
    connectionName: options.connectionName,
    ...numbers,
    readiness:
      readiness === false
        ? false
        : { name: readiness?.name ?? 'redis', critical: readiness?.critical ?? false, timeoutMs },
  };
}

const CLUSTER_DEFAULTS = { retryDelayOnFailoverMs: 100, maxRedirections: 16, slotsRefreshIntervalMs: 5000 };
const CLUSTER_LIMITS: Record<keyof typeof CLUSTER_DEFAULTS, [number, number]> = {
  retryDelayOnFailoverMs: [1, 10_000],
  maxRedirections: [1, 100],
  slotsRefreshIntervalMs: [100, 600_000],
};

/** Each integer option of `defaults` from `options`, defaulted and checked against its `[min, max]`. */
function integers<K extends string>(
  options: Partial<Record<K, number>> | undefined,
  defaults: Record<K, number>,
  limits: Record<K, [number, number]>,
  prefix: string,
  problems: string[],
): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const key of Object.keys(defaults) as K[]) {
    const value = options?.[key] ?? defaults[key];
    const [min, max] = limits[key];
    if (!Number.isSafeInteger(value) || value < min || value > max)
      problems.push(`${prefix}${key}: must be an integer between ${min} and ${max}, got ${String(value)}`);
    out[key] = value;
  }
  return out;
}

function urlProblems(url: string, name: string): string[] {
  try {
    const protocol = new URL(url).protocol;
    if (protocol !== 'redis:' && protocol !== 'rediss:')
      return [`${name}: must use redis: or rediss:, got "${protocol}"`];
  } catch {
    return [`${name}: must be an absolute URL`];
  }
  return [];
}

/** One seed node as written (`host:port` or a URL), parsed. */
export interface ParsedClusterNode extends RedisClusterNode {
  protocol: 'redis:' | 'rediss:';
  username?: string;
  password?: string;
}

/**
 * Parses one seed node, `host:port` (port 6379 when absent) or `redis[s]://[user:password@]host:port`; a string
 * is what is wrong with it.
 * @example parseClusterNode('10.0.0.5:7000') // { host: '10.0.0.5', port: 7000, protocol: 'redis:' }
 */
export function parseClusterNode(entry: unknown): ParsedClusterNode | string {
  const text = typeof entry === 'string' ? entry.trim() : '';
  const shown = text.replace(/\/\/[^@/]*@/, '//***@'); // never echo a password
  const usage = `must be host:port or redis://[user:password@]host:port, got "${shown}"`;
  if (text === '') return usage;
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `redis://${text}`);
  } catch {
    return usage;
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    return `must use redis: or rediss:, got "${url.protocol}"`;
  if (url.hostname === '' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '') return usage;
  const credentials =
    url.password || url.username
      ? {
          ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
          password: decodeURIComponent(url.password),
        }
      : {};
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(url.port || 6379),
    protocol: url.protocol as ParsedClusterNode['protocol'],
    ...credentials,
  };
}

function resolveCluster(options: RedisClusterOptions, problems: string[]): ResolvedRedisClusterOptions {
  const resolved: ResolvedRedisClusterOptions = { nodes: [], tls: false, ...CLUSTER_DEFAULTS };
  const nodes = options?.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0)
    problems.push('redis cluster.nodes: needs at least one node');
  const protocols = new Set<string>();
  for (const [i, entry] of (Array.isArray(nodes) ? nodes : []).entries()) {
    const parsed = parseClusterNode(entry);
    if (typeof parsed === 'string') {
      problems.push(`redis cluster.nodes[${i}]: ${parsed}`);
      continue;
    }
    protocols.add(parsed.protocol);
    resolved.nodes.push({ host: parsed.host, port: parsed.port });
    if (resolved.password === undefined && parsed.password !== undefined) {
      resolved.username = parsed.username;
      resolved.password = parsed.password;
    }
  }
  if (protocols.size > 1) problems.push('redis cluster.nodes: mix redis: and rediss:; use one');
  resolved.tls = protocols.has('rediss:');
  Object.assign(resolved, integers(options, CLUSTER_DEFAULTS, CLUSTER_LIMITS, 'redis cluster.', problems));
  return resolved;
}

/**
 * Delay (in milliseconds) before reconnect attempt `attempt` (1-based): doubling from `baseMs`, capped at
 * `maxMs`, with the upper half jittered so replicas do not reconnect in lockstep.
 */
export function reconnectDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
