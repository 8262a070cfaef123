import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { RedisUnavailableError } from './redis.errors';
import {
  reconnectDelayMs,
  resolveRedisOptions,
  type RedisModuleOptions,
  type ResolvedRedisOptions,
} from './redis.options';

type Ioredis = typeof import('ioredis');
let ioredis: Ioredis | undefined;

/** ioredis, loaded with the first client: an app without Redis configured never loads it. */
function loadIoredis(): Ioredis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ioredis ??= require('ioredis') as Ioredis;
  return ioredis;
}

/** The ioredis client behind a {@link RedisConnection}: one server (`Redis`) or a Redis Cluster (`Cluster`). */
export type RedisClient = Redis | Cluster;

/** A connection's state, readable by readiness, the status page and the libs that fall back without Redis. */
export interface RedisHealth {
  /** `single` (one server) or `cluster`. */
  mode: 'single' | 'cluster';
  /** ioredis' status: `wait` (not started), `connecting`, `connect`, `ready`, `reconnecting`, `close`, `end`. */
  status: string;
  /** True while commands can be sent (`ready`). */
  connected: boolean;
  /** Code (`ECONNREFUSED`) or class name of the last connection error; never its message, which names the host. */
  lastError?: string;
  /** When the last connection error happened (epoch milliseconds). */
  lastErrorAt?: number;
  /** When the connection last became ready (epoch milliseconds). */
  connectedAt?: number;
  /** Reconnect attempts since the connection was last ready. */
  reconnectAttempts: number;
}

/**
 * The app's one Redis connection (ioredis), shared by every lib that needs Redis: rate limits, idempotency,
 * cache. It fails fast instead of waiting: no offline queue (a command while disconnected fails at once),
 * bounded connect and command timeouts, few retries per command; it reconnects forever with a capped,
 * jittered backoff, so it recovers by itself when Redis returns. It connects lazily, when the app starts,
 * without blocking startup while Redis is down, and quits on shutdown. With `cluster` options it is a Redis
 * Cluster client behind the same API (see {@link createRedisClient}).
 *
 * @example
 * constructor(private readonly redis: RedisConnection) {}
 * const hits = await this.redis.run((client) => client.incr(key));
 * @throws ConfigError (BFF_ERR_CONFIG) at construction when the options are invalid
 */
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  /**
   * The ioredis client, for commands, pipelines and scripts; prefer {@link run} for its clear errors. With a
   * cluster, every key of one command, script or transaction must share a hash tag (`{tenant-1}:a`, `{tenant-1}:b`).
   */
  readonly client: RedisClient;
  readonly options: ResolvedRedisOptions;
  private readonly logger = new Logger('Redis');
  private lastError?: string;
  private lastErrorAt?: number;
  private connectedAt?: number;
  private attempts = 0;
  private wasReady = false;
  private closing?: Promise<void>;

  constructor(options: RedisModuleOptions) {
    this.options = resolveRedisOptions(options);
    this.client = createRedisClient(this.options);
    this.client.on('error', (err: unknown) => this.recordError(err));
    if (this.client instanceof loadIoredis().Cluster)
      this.client.on('node error', (err: unknown) => this.recordError(err));
    this.client.on('ready', () => this.recordReady());
    this.client.on('close', () => this.recordClose());
    this.client.on('reconnecting', () => void this.attempts++);
  }

  /** Starts connecting in the background; failures are recorded and retried, never thrown. */
  connect(): void {
    if (this.client.status !== 'wait') return;
    this.client.connect().catch(() => undefined); // the 'error' listener records it; ioredis keeps retrying
  }

  /** Connects when the app starts (without waiting for Redis). */
  onModuleInit(): void {
    this.connect();
  }

  /** True while commands can be sent. */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  /** The connection's current state. */
  health(): RedisHealth {
    return {
      mode: this.client instanceof loadIoredis().Cluster ? 'cluster' : 'single',
      status: this.client.status,
      connected: this.connected,
      reconnectAttempts: this.attempts,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError, lastErrorAt: this.lastErrorAt }),
      ...(this.connectedAt === undefined ? {} : { connectedAt: this.connectedAt }),
    };
  }

  /**
   * Runs commands on the client, failing at once with {@link RedisUnavailableError} when not connected and
   * mapping a lost connection or a timeout to it. Redis' own answers (`ReplyError`: `NOSCRIPT`, `WRONGTYPE`)
   * are rethrown as they are.
   * @example await redis.run((client) => client.set(key, value, 'PX', 60_000))
   * @throws RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE, 503)
   */
  async run<T>(command: (client: RedisClient) => Promise<T>): Promise<T> {
    if (!this.connected) throw this.unavailable();
    try {
      return await command(this.client);
    } catch (err) {
      if (err instanceof loadIoredis().ReplyError) throw err;
      throw this.unavailable(err);
    }
  }

  /**
   * Resolves when Redis answers `PING`, or for a cluster when a primary reports `cluster_state:ok` (every slot
   * served); the readiness check.
   * @throws RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE) when not connected, too slow, or the cluster's state
   *   is not ok
   */
  async ping(): Promise<void> {
    const client = this.client;
    if (!(client instanceof loadIoredis().Cluster)) {
      await this.run((c) => c.ping());
      return;
    }
    const info = String(await this.run(() => client.cluster('INFO')));
    const state = /^cluster_state:(\w+)/m.exec(info)?.[1] ?? 'unknown';
    if (state !== 'ok') throw new RedisUnavailableError(`Redis is unavailable: cluster state ${state}`);
  }

  /** Quits gracefully, dropping the socket if `QUIT` does not finish within `quitTimeoutMs`; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.quit();
    return this.closing;
  }

  /** Closes the connection on shutdown. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async quit(): Promise<void> {
    const client = this.client;
    if (client.status === 'end') return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(resolve, this.options.quitTimeoutMs, 'timeout');
      timer.unref();
    });
    const ended = new Promise<'ended'>((resolve) => client.once('end', () => resolve('ended')));
    try {
      if (client.status === 'ready') {
        // QUIT lets in-flight commands finish; the socket is dropped if it takes too long
        client.quit().catch(() => client.disconnect());
        if ((await Promise.race([ended, timedOut])) === 'ended') return;
      }
      client.disconnect(); // stops reconnecting too
      await Promise.race([ended, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private unavailable(cause?: unknown): RedisUnavailableError {
    const status = this.client.status;
    const reason =
      cause instanceof Error && /timed out/i.test(cause.message)
        ? `command timed out after ${this.options.commandTimeoutMs} ms`
        : status === 'ready'
          ? 'connection lost'
          : `not connected (${status}${this.lastError ? `, last error ${this.lastError}` : ''})`;
    return new RedisUnavailableError(`Redis is unavailable: ${reason}`, { cause });
  }

  private recordError(err: unknown): void {
    const code = (err as { code?: unknown })?.code;
    this.lastError = typeof code === 'string' ? code : err instanceof Error ? err.name : 'error';
    this.lastErrorAt = Date.now();
  }

  private recordClose(): void {
    if (!this.wasReady) return;
    this.wasReady = false;
    if (!this.closing)
      this.logger.warn(`Redis connection lost (${this.lastError ?? 'closed'}); reconnecting`);
  }

  private recordReady(): void {
    this.connectedAt = Date.now();
    if (this.attempts > 0 || this.lastError !== undefined) this.logger.log('Redis connected');
    this.attempts = 0;
    this.wasReady = true;
  }
}

/**
 * The ioredis client for resolved options, fail-fast either way (no offline queue, bounded connect and command
 * timeouts, lazy connect, capped jittered reconnects). For a cluster also: the slot map is checked
 * (`CLUSTER INFO`) before the client is ready, every command goes to the primary owning its slot (`scaleReads:
 * 'master'`: replicas lag, and a limiter reading a stale counter admits too much), and a command that met a
 * closed connection or `CLUSTERDOWN` is resent after `retryDelayOnFailoverMs` with a refreshed slot map, so a
 * promoted replica takes over without an error once Redis has promoted it.
 *
 * `{ blocking: true }` makes a client for a library that blocks on Redis and manages its own retries (BullMQ
 * workers): no command timeout, no limit of retries per command, commands queued while reconnecting.
 * `{ lazy: false }` starts connecting at once (and its `duplicate()`s too), for a library that waits for `ready`
 * itself: BullMQ calls `connect()` on a client still in `wait`, and that first attempt failing (Redis down at
 * startup) would fail the queue for good instead of being retried.
 * @example const jobs = createRedisClient(connection.options, { blocking: true, lazy: false }); // new Worker(name, fn, { connection: jobs, prefix: '{bff-jobs}' })
 */
export function createRedisClient(
  options: ResolvedRedisOptions,
  { blocking = false, lazy = true }: { blocking?: boolean; lazy?: boolean } = {},
): RedisClient {
  const { reconnectBaseDelayMs, reconnectMaxDelayMs } = options;
  const retryStrategy = function redisReconnectDelay(times: number): number {
    return reconnectDelayMs(times, reconnectBaseDelayMs, reconnectMaxDelayMs);
  };
  const perConnection = {
    connectTimeout: options.connectTimeoutMs,
    commandTimeout: blocking ? undefined : options.commandTimeoutMs,
    maxRetriesPerRequest: blocking ? null : options.maxRetriesPerRequest,
    connectionName: options.connectionName,
  };
  const offlineQueue = blocking;
  const cluster = options.cluster;
  const { Redis, Cluster } = loadIoredis();
  if (cluster === undefined) {
    return new Redis(options.url!, {
      ...perConnection,
      lazyConnect: lazy,
      enableOfflineQueue: offlineQueue,
      enableAutoPipelining: !blocking,
      retryStrategy,
    });
  }
  const client = new Cluster(cluster.nodes, {
    lazyConnect: lazy,
    enableOfflineQueue: offlineQueue,
    enableReadyCheck: true,
    scaleReads: 'master',
    maxRedirections: cluster.maxRedirections,
    retryDelayOnFailover: cluster.retryDelayOnFailoverMs,
    retryDelayOnClusterDown: cluster.retryDelayOnFailoverMs,
    retryDelayOnTryAgain: cluster.retryDelayOnFailoverMs,
    slotsRefreshTimeout: options.connectTimeoutMs,
    slotsRefreshInterval: cluster.slotsRefreshIntervalMs,
    clusterRetryStrategy: retryStrategy,
    redisOptions: {
      ...perConnection,
      ...(cluster.password === undefined ? {} : { username: cluster.username, password: cluster.password }),
      ...(cluster.tls ? { tls: {} } : {}),
    },
  });
  stopSlotsRefreshOnEnd(client);
  return client;
}

/** The parts of ioredis' Cluster that run its `slotsRefreshInterval` loop (not in its typings). */
interface SlotsRefreshLoop {
  clearNodesRefreshInterval(): void;
  _refreshSlotsCacheCallbacks: unknown[];
}

/**
 * Ends a Cluster client's slot-refresh loop each time the client ends, for it and for every client duplicated
 * from it (BullMQ's blocking connections). ioredis re-arms its `slotsRefreshInterval` timer from the callback of
 * each slot refresh, and `quit()` only clears the timer that is pending: a refresh in flight at that moment arms a
 * new one, whose refresh then fails at once (no nodes left) and arms the next, every `slotsRefreshIntervalMs`, for
 * ever. That referenced timer kept a process alive after every connection had closed (a test run that never
 * ended). On `end`: the callbacks of a refresh in flight are dropped and the pending timer is cleared; a later
 * `connect()` starts the loop again as usual. Call it on a Cluster client made by hand.
 * @example const client = new Cluster(nodes); stopSlotsRefreshOnEnd(client);
 */
export function stopSlotsRefreshOnEnd(cluster: Cluster): void {
  const loop = cluster as unknown as SlotsRefreshLoop;
  if (typeof loop.clearNodesRefreshInterval !== 'function') return; // another ioredis: nothing known to stop
  cluster.on('end', () => {
    loop._refreshSlotsCacheCallbacks = [];
    loop.clearNodesRefreshInterval();
  });
  const duplicate = cluster.duplicate.bind(cluster);
  cluster.duplicate = (...args: Parameters<Cluster['duplicate']>) => {
    const copy = duplicate(...args);
    stopSlotsRefreshOnEnd(copy);
    return copy;
  };
}
