import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { systemClock, type Clock } from '@bff/core';
import { RedisUnavailableError, type RedisClient, type RedisConnection } from '@bff/redis';
import type { Cluster } from 'ioredis';
import type {
  ClaimOutcome,
  Completion,
  IdempotencyRecordId,
  IdempotencyStore,
} from '../idempotency-store.interface';
import { newClaimToken } from './claim-token';
import {
  CONNECTED_REPLICAS_SCRIPT,
  IDEMPOTENCY_SCRIPT,
  IDEMPOTENCY_SCRIPT_SHA,
} from './redis-idempotency.script';

/** Options of {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** Prefix of every key the store writes. Default is `bff:idem:`. */
  keyPrefix?: string;
  /**
   * Replicas that must acknowledge a claim and a completion (`WAIT`) before the write goes on, so a primary
   * failover cannot lose a record the client was answered on (0 to 5). Default is 0 (one server, no `WAIT`).
   */
  replicas?: number;
  /** Longest `WAIT` for them, in milliseconds (1 to 5000). Default is 100. */
  replicaWaitMs?: number;
  /** Clock of the resend delays and of {@link NO_REPLICA_RECHECK_MS}. Default is the system's. */
  clock?: Clock;
}

/** Default of {@link RedisIdempotencyStoreOptions.keyPrefix}. */
export const DEFAULT_REDIS_IDEMPOTENCY_PREFIX = 'bff:idem:';

/**
 * The shared store: every replica claims against the same records, each claim, completion or release ONE
 * atomic round trip (`EVALSHA` of {@link IDEMPOTENCY_SCRIPT}; on `NOSCRIPT` one `EVAL`). Leases and TTLs are
 * Redis' own `PX` expiries, so the replicas' clocks never matter and a crashed replica's claim simply expires.
 *
 * Keys: `<prefix>{<scope>}:<sha256 of the key>`. The hash tag puts one caller's keys in one Redis Cluster slot;
 * the client's key is hashed, so any key the client may send makes a short, safe Redis key and is not stored.
 * Runs on the app's one {@link RedisConnection}, which fails fast instead of queueing while Redis is away.
 *
 * Durability (`replicas` > 0, a Redis Cluster or a primary with replicas): Redis replicates asynchronously, so a
 * record a primary acknowledged and died before replicating is gone after the failover, and a retry would run
 * the write again. A claim that took a key and a completion are therefore sent with `WAIT <replicas>
 * <replicaWaitMs>` in one pipeline (so it reaches the key's primary and counts its replicas):
 * - a claim not acknowledged by the replicas the primary has connected (up to `replicas`) is released and
 *   fails with {@link RedisUnavailableError} (503, nothing ran, retry with the key). A primary without any
 *   connected replica (its replica was promoted away, or is down) has no replica to lose it to: the claim goes on;
 * - a completion not acknowledged in time still answers (the write is done, it cannot be taken back); it is
 *   stored on the primary and a warning is logged. Only a failover within that window, to a replica that had
 *   not caught up, can lose it.
 * @example const store = new RedisIdempotencyStore(redis, { replicas: 1, replicaWaitMs: 100 });
 * @throws from its methods: RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE, 503 with `Retry-After`) while Redis
 *   is unreachable or slow; `Error` for a record it cannot read
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly keyPrefix: string;
  private readonly replicas: number;
  private readonly replicaWaitMs: number;
  private readonly clock: Clock;
  /**
   * Scopes whose primary had no replica connected, and until when (`clock.now()`) their records skip `WAIT`: it
   * could only time out, and it holds the connection to that primary while it waits.
   */
  private readonly unreplicated = new Map<string, number>();
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly redis: RedisConnection,
    options: RedisIdempotencyStoreOptions = {},
  ) {
    if (typeof redis?.run !== 'function') {
      throw new TypeError("RedisIdempotencyStore: redis must be the app's RedisConnection");
    }
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_IDEMPOTENCY_PREFIX;
    if (typeof this.keyPrefix !== 'string' || /[{}]/.test(this.keyPrefix)) {
      throw new TypeError('RedisIdempotencyStore: keyPrefix must be a string without { or }');
    }
    this.replicas = options.replicas ?? 0;
    this.replicaWaitMs = options.replicaWaitMs ?? 100;
    this.clock = options.clock ?? systemClock;
    if (!Number.isInteger(this.replicas) || this.replicas < 0 || this.replicas > 5)
      throw new RangeError('RedisIdempotencyStore: replicas must be an integer between 0 and 5');
    if (!Number.isInteger(this.replicaWaitMs) || this.replicaWaitMs < 1 || this.replicaWaitMs > 5000)
      throw new RangeError('RedisIdempotencyStore: replicaWaitMs must be an integer between 1 and 5000');
  }

  /** The Redis key of one record. */
  redisKey(id: IdempotencyRecordId): string {
    const key = createHash('sha256').update(id.key).digest('hex');
    return `${this.keyPrefix}{${encodeURIComponent(id.scope)}}:${key}`;
  }

  async claim(id: IdempotencyRecordId, fingerprint: string, leaseMs: number): Promise<ClaimOutcome> {
    assertFingerprint(fingerprint);
    const token = newClaimToken();
    const { reply, acked } = await this.run(id, ['claim', token, fingerprint, Math.ceil(leaseMs)]);
    if (reply !== null) return readRecord(String(reply));
    const refused = await this.durable(id, acked).then(
      (durable) =>
        durable
          ? undefined
          : new RedisUnavailableError(
              `Redis is unavailable: the idempotency record was not replicated within ${this.replicaWaitMs} ms`,
            ),
      (err: unknown) => err,
    );
    if (refused !== undefined) {
      // nothing runs: free the key for the retry (it would expire with its lease otherwise)
      await this.release(id, token).catch(() => undefined);
      throw refused;
    }
    return { state: 'claimed', token };
  }

  async complete(
    id: IdempotencyRecordId,
    { token, fingerprint, response, ttlMs }: Completion,
  ): Promise<boolean> {
    assertFingerprint(fingerprint);
    const record = `1:${fingerprint}:${JSON.stringify(response)}`;
    // resent for longer than a claim: the write is done, and its answer lost would let a retry run it again
    const { reply, acked } = await this.run(id, ['complete', token, record, Math.ceil(ttlMs)], {
      resends: COMPLETION_RESENDS,
    });
    if (reply !== 1) return false;
    // The upstream's write is done and the client is about to be answered: a replica lagging under load gets a
    // few more `WAIT`s (each `replicaWaitMs`) before the answer goes out unreplicated, since a failover before it
    // catches up would leave the key in flight (409 to a retry) although its client was answered.
    let durable = await this.durable(id, acked);
    for (let round = 1; !durable && round < COMPLETION_WAIT_ROUNDS; round++) {
      const more = await this.waitAgain(id);
      if (more === undefined) break;
      durable = await this.durable(id, more);
    }
    if (!durable)
      this.logger.warn(
        `an idempotency record was stored without a replica's acknowledgement within ` +
          `${COMPLETION_WAIT_ROUNDS} x ${this.replicaWaitMs} ms`,
      );
    return true;
  }

  /**
   * `WAIT` again on the connection to the record's primary (a pipeline with a command on its key goes there):
   * the replicas that have every write made on it so far, or undefined when that primary cannot be reached.
   */
  private async waitAgain(id: IdempotencyRecordId): Promise<number | undefined> {
    const key = this.redisKey(id);
    try {
      const results = await this.redis.run((c) =>
        c.pipeline().exists(key).wait(this.replicas, this.replicaWaitMs).exec(),
      );
      const [, [waitError, acked] = [null, 0]] = results ?? [];
      return waitError ? undefined : Number(acked);
    } catch {
      return undefined;
    }
  }

  async release(id: IdempotencyRecordId, token: string): Promise<void> {
    await this.run(id, ['release', token], { wait: false });
  }

  /**
   * One script call on the record's key, in one round trip; with `replicas`, `WAIT` in the same pipeline (a
   * cluster pipeline goes to the node of its key, so `WAIT` counts that primary's replicas).
   */
  private async run(
    id: IdempotencyRecordId,
    args: (string | number)[],
    { wait = this.waits(id), resends = 1 }: { wait?: boolean; resends?: number } = {},
  ): Promise<{ reply: unknown; acked: number }> {
    const key = this.redisKey(id);
    if (!wait) {
      try {
        return {
          reply: await this.redis.run((c) => c.evalsha(IDEMPOTENCY_SCRIPT_SHA, 1, key, ...args)),
          acked: 0,
        };
      } catch (err) {
        if (!isNoScript(err)) throw err;
        return { reply: await this.redis.run((c) => c.eval(IDEMPOTENCY_SCRIPT, 1, key, ...args)), acked: 0 };
      }
    }
    const cluster = this.redis.options.cluster;
    let script: 'sha' | 'source' = 'sha';
    for (let resent = 0; ;) {
      // errors are thrown inside `run`, which maps a lost connection to RedisUnavailableError
      const outcome = await this.redis.run(async (c) => {
        const pipeline = c.pipeline();
        const sent = resent > 0 ? [...args, 'resent'] : args;
        if (script === 'sha') pipeline.evalsha(IDEMPOTENCY_SCRIPT_SHA, 1, key, ...sent);
        else pipeline.eval(IDEMPOTENCY_SCRIPT, 1, key, ...sent);
        let results: [Error | null, unknown][];
        try {
          results = ((await pipeline.wait(this.replicas, this.replicaWaitMs).exec()) ?? []) as typeof results;
        } catch (err) {
          if (cluster && isLostNode(err)) return resend(c);
          throw err;
        }
        const [[scriptError, reply] = [new Error('no reply')], [waitError, acked] = [null, 0]] = results;
        if (script === 'sha' && isNoScript(scriptError)) return 'noscript';
        // ioredis resends a cluster pipeline after a redirection or a lost node only when the rest of it is
        // read-only, which WAIT is not: resent here, which the script allows (a claim or completion resent by
        // its own token is answered as the first was)
        if (cluster && (isLostNode(scriptError) || isLostNode(waitError))) return resend(c);
        if (scriptError) throw scriptError;
        if (waitError) throw waitError;
        return { reply, acked: Number(acked) };
      });
      if (outcome === 'noscript') script = 'source';
      else if (outcome !== 'resend') return outcome;
      else if (++resent >= resends * cluster!.maxRedirections)
        throw new RedisUnavailableError(
          'Redis is unavailable: the record’s primary did not answer through a failover',
        );
      else
        await new Promise<void>((resolve) => this.clock.setTimeout(resolve, cluster!.retryDelayOnFailoverMs));
    }
  }

  /** Whether `acked` replicas are enough: `replicas`, or every replica the key's primary has connected. */
  private async durable(id: IdempotencyRecordId, acked: number): Promise<boolean> {
    if (acked >= this.replicas || !this.waits(id)) return true;
    const connected = await this.redis.run((c) => c.eval(CONNECTED_REPLICAS_SCRIPT, 1, this.redisKey(id)));
    if (Number(connected) === 0) {
      if (this.unreplicated.size >= MAX_UNREPLICATED_SCOPES) this.unreplicated.clear();
      this.unreplicated.set(id.scope, this.clock.now() + NO_REPLICA_RECHECK_MS);
    }
    return acked >= Math.min(this.replicas, Number(connected));
  }

  /** Whether a record of `id` is written with `WAIT`: `replicas` > 0, unless its primary was just seen without any. */
  private waits(id: IdempotencyRecordId): boolean {
    if (this.replicas === 0) return false;
    const until = this.unreplicated.get(id.scope);
    if (until === undefined) return true;
    if (this.clock.now() < until) return false;
    this.unreplicated.delete(id.scope);
    return true;
  }
}

/**
 * How long (in milliseconds) the records of a scope whose primary had no replica connected skip `WAIT` before it
 * is tried again: a replica that (re)attaches is waited for again within this.
 */
export const NO_REPLICA_RECHECK_MS = 1000;

/** Most scopes remembered as without a replica; past it they are all forgotten (and checked again). */
const MAX_UNREPLICATED_SCOPES = 10_000;

/**
 * How many times a completion is resent through a failover, in units of the cluster's `maxRedirections` (each
 * after `retryDelayOnFailoverMs`): 4 x 16 x 100 ms, about 6.4 s by default; a claim is resent once that.
 */
const COMPLETION_RESENDS = 4;

/** `WAIT` rounds a completion gets for a lagging replica before it is answered unreplicated (and logged). */
const COMPLETION_WAIT_ROUNDS = 4;

/** Replies of a node that did not run the script: another owns the slot, or the cluster is failing over. */
const REDIRECTED = /^(MOVED|ASK|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * Whether a cluster pipeline met a node that is gone or moved: a redirection, or no answer at all (a closed
 * connection, a timeout), as opposed to Redis' own answer to the script (`WRONGTYPE`, a script error).
 */
function isLostNode(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'ReplyError' ? REDIRECTED.test(err.message) : true;
}

/** Refreshes the slot map, so the resent pipeline goes to the slot's owner now. */
function resend(client: RedisClient): 'resend' {
  (client as Cluster).refreshSlotsCache();
  return 'resend';
}

function isNoScript(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith('NOSCRIPT');
}

/** The record layout has room for a SHA-256 in hex (what `requestFingerprint` makes), nothing else. */
function assertFingerprint(fingerprint: string): void {
  if (!/^[0-9a-f]{64}$/.test(fingerprint)) {
    throw new TypeError('RedisIdempotencyStore: fingerprint must be 64 lower-case hex characters');
  }
}

/** Reads a record the script replied with (see {@link IDEMPOTENCY_SCRIPT} for the layout). */
function readRecord(record: string): ClaimOutcome {
  if (record.startsWith('0:')) return { state: 'in-progress', fingerprint: record.slice(35) };
  if (record.startsWith('1:') && record.charAt(66) === ':') {
    return {
      state: 'completed',
      fingerprint: record.slice(2, 66),
      response: JSON.parse(record.slice(67)) as Completion['response'],
    };
  }
  throw new Error('RedisIdempotencyStore: unreadable record');
}
