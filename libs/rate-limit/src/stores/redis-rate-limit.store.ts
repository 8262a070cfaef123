import type { Cluster, Redis } from 'ioredis';
import {
  assertRateLimitRequests,
  peekRequests,
  toDecision,
  type RateLimitDecision,
  type RateLimitPeekRequest,
  type RateLimitRequest,
  type RateLimitStore,
} from '../rate-limit-store.interface';
import {
  RATE_LIMIT_PEEK_SCRIPT,
  RATE_LIMIT_PEEK_SCRIPT_SHA,
  RATE_LIMIT_SCRIPT,
  RATE_LIMIT_SCRIPT_SHA,
} from './redis-rate-limit.script';

const DECIDE = { script: RATE_LIMIT_SCRIPT, sha: RATE_LIMIT_SCRIPT_SHA };
const PEEK = { script: RATE_LIMIT_PEEK_SCRIPT, sha: RATE_LIMIT_PEEK_SCRIPT_SHA };

/** Options of {@link RedisRateLimitStore}. */
export interface RedisRateLimitStoreOptions {
  /** Prefix of every key the store writes. Default is `bff:rl:`. */
  keyPrefix?: string;
}

/** Default of {@link RedisRateLimitStoreOptions.keyPrefix}. */
export const DEFAULT_REDIS_RATE_LIMIT_PREFIX = 'bff:rl:';

/**
 * The shared store: every replica decides against the same counters, each decision ONE atomic round trip
 * (`EVALSHA` of {@link RATE_LIMIT_SCRIPT}; on `NOSCRIPT`, after a Redis restart or `SCRIPT FLUSH`, one `EVAL`
 * that also reloads it). Time comes from Redis' `TIME` inside the script, so replicas' clocks never matter.
 *
 * Keys: `<prefix>{<caller key>}:<policy>:<g|s>`, each with its own `PX` expiry (how long its state matters). The
 * hash tag keeps one caller's policies in one Redis Cluster slot; with a `Cluster` client, one decision must
 * therefore concern one caller key.
 *
 * The store adds no timers of its own: give it a client that fails fast (ioredis `commandTimeout` in tens of
 * milliseconds, `maxRetriesPerRequest` 1 or less) and wrap it in {@link ResilientRateLimitStore} for a deadline,
 * a breaker and the fallback.
 * @example const store = new RedisRateLimitStore(new Redis(url, { commandTimeout: 50, maxRetriesPerRequest: 1 }));
 * @throws from `decide`: TypeError for malformed requests; the client's error (connection, timeout, script
 *   error) as is.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly keyPrefix: string;

  constructor(
    private readonly client: Redis | Cluster,
    options: RedisRateLimitStoreOptions = {},
  ) {
    if (typeof client?.evalsha !== 'function') {
      throw new TypeError('RedisRateLimitStore: client must be an ioredis Redis or Cluster instance');
    }
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_RATE_LIMIT_PREFIX;
    if (typeof this.keyPrefix !== 'string' || /[{}]/.test(this.keyPrefix)) {
      throw new TypeError('RedisRateLimitStore: keyPrefix must be a string without { or }');
    }
  }

  /**
   * Loads the script ahead of the first decision, on every primary of a cluster (optional: a `NOSCRIPT` reply
   * reloads it anyway, on the node that answered so).
   */
  async load(): Promise<void> {
    const client = this.client;
    const targets: (Redis | Cluster)[] = client.isCluster ? (client as Cluster).nodes('master') : [client];
    await Promise.all(targets.map((node) => node.script('LOAD', RATE_LIMIT_SCRIPT)));
  }

  /** The Redis key of one request's state. */
  redisKey(request: RateLimitRequest): string {
    const algorithm = request.policy.algorithm === 'gcra' ? 'g' : 's';
    return `${this.keyPrefix}{${request.key}}:${request.policy.name}:${algorithm}`;
  }

  async decide(requests: readonly RateLimitRequest[]): Promise<RateLimitDecision> {
    assertRateLimitRequests(requests);
    return this.evaluate(DECIDE, requests);
  }

  /** Each policy's state in one read-only round trip (`EVALSHA` of {@link RATE_LIMIT_PEEK_SCRIPT}). */
  async peek(requests: readonly RateLimitPeekRequest[]): Promise<RateLimitDecision> {
    return this.evaluate(PEEK, peekRequests(requests));
  }

  private async evaluate(
    script: typeof DECIDE,
    requests: readonly RateLimitRequest[],
  ): Promise<RateLimitDecision> {
    if (requests.length === 0) return toDecision(requests, true, []);
    if (this.client.isCluster && requests.some((request) => request.key !== requests[0].key)) {
      throw new TypeError('RedisRateLimitStore: with Redis Cluster one decision must concern one caller key');
    }
    const args: (string | number)[] = requests.map((request) => this.redisKey(request));
    for (const { policy, cost } of requests) {
      args.push(policy.algorithm === 'gcra' ? 1 : 2, policy.limit, policy.windowMs, policy.burst, cost);
    }
    const reply = (await this.run(script, requests.length, args)) as number[];
    if (!Array.isArray(reply) || reply.length !== 1 + 4 * requests.length) {
      throw new Error('RedisRateLimitStore: unexpected script reply');
    }
    const results = requests.map(function readResult(_request, i) {
      const at = 1 + 4 * i;
      return {
        allowed: reply[at] === 1,
        remaining: reply[at + 1],
        resetAfterMs: reply[at + 2],
        retryAfterMs: reply[at + 3] === -1 ? Infinity : reply[at + 3],
      };
    });
    return toDecision(requests, reply[0] === 1, results);
  }

  private async run(script: typeof DECIDE, numKeys: number, args: (string | number)[]): Promise<unknown> {
    try {
      return await this.client.evalsha(script.sha, numKeys, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      return this.client.eval(script.script, numKeys, ...args);
    }
  }
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}
