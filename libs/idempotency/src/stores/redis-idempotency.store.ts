import { createHash } from 'node:crypto';
import type { RedisConnection } from '@bff/redis';
import type {
  ClaimOutcome,
  Completion,
  IdempotencyRecordId,
  IdempotencyStore,
} from '../idempotency-store.interface';
import { newClaimToken } from './claim-token';
import { IDEMPOTENCY_SCRIPT, IDEMPOTENCY_SCRIPT_SHA } from './redis-idempotency.script';

/** Options of {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyStoreOptions {
  /** Prefix of every key the store writes. Default is `bff:idem:`. */
  keyPrefix?: string;
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
 * @example const store = new RedisIdempotencyStore(redis);
 * @throws from its methods: RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE, 503 with `Retry-After`) while Redis
 *   is unreachable or slow; `Error` for a record it cannot read
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  private readonly keyPrefix: string;

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
  }

  /** The Redis key of one record. */
  redisKey(id: IdempotencyRecordId): string {
    const key = createHash('sha256').update(id.key).digest('hex');
    return `${this.keyPrefix}{${encodeURIComponent(id.scope)}}:${key}`;
  }

  async claim(id: IdempotencyRecordId, fingerprint: string, leaseMs: number): Promise<ClaimOutcome> {
    assertFingerprint(fingerprint);
    const token = newClaimToken();
    const record = await this.run(id, 'claim', token, fingerprint, Math.ceil(leaseMs));
    if (record === null) return { state: 'claimed', token };
    return readRecord(String(record));
  }

  async complete(
    id: IdempotencyRecordId,
    { token, fingerprint, response, ttlMs }: Completion,
  ): Promise<boolean> {
    assertFingerprint(fingerprint);
    const record = `1:${fingerprint}:${JSON.stringify(response)}`;
    return (await this.run(id, 'complete', token, record, Math.ceil(ttlMs))) === 1;
  }

  async release(id: IdempotencyRecordId, token: string): Promise<void> {
    await this.run(id, 'release', token);
  }

  private async run(id: IdempotencyRecordId, ...args: (string | number)[]): Promise<unknown> {
    const key = this.redisKey(id);
    try {
      return await this.redis.run((client) => client.evalsha(IDEMPOTENCY_SCRIPT_SHA, 1, key, ...args));
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith('NOSCRIPT'))) throw err;
      return this.redis.run((client) => client.eval(IDEMPOTENCY_SCRIPT, 1, key, ...args));
    }
  }
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
