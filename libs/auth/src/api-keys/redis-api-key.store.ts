import type { RedisConnection } from '@bff/redis';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.interface';
import { parseApiKeyRecord } from './api-key-record.validation';

/** Options of {@link RedisApiKeyStore}. */
export interface RedisApiKeyStoreOptions {
  /** Prefix of the two Redis hashes. Default is `bff:api-keys`. */
  keyPrefix?: string;
}

/**
 * API key records in Redis, shared by every replica: one hash `<prefix>` (key hash → record JSON) and one
 * `<prefix>:used` (key hash → lastUsedAt), so recording a use never rewrites a record and cannot undo a
 * revocation written meanwhile. One `HGET` per lookup (the strategy's cache saves most of them).
 *
 * @example new RedisApiKeyStore(redisConnection)
 * @throws RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE) from every method while Redis is down.
 */
export class RedisApiKeyStore implements ApiKeyStore {
  private readonly records: string;
  private readonly used: string;

  constructor(
    private readonly redis: Pick<RedisConnection, 'run'>,
    options: RedisApiKeyStoreOptions = {},
  ) {
    this.records = options.keyPrefix ?? 'bff:api-keys';
    this.used = `${this.records}:used`;
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    const [json, lastUsedAt] = await this.redis.run((c) =>
      Promise.all([c.hget(this.records, hash), c.hget(this.used, hash)]),
    );
    return json === null ? undefined : this.parse(json, lastUsedAt);
  }

  async list(): Promise<ApiKeyRecord[]> {
    const [all, used] = await this.redis.run((c) =>
      Promise.all([c.hgetall(this.records), c.hgetall(this.used)]),
    );
    return Object.entries(all).map(([hash, json]) => this.parse(json, used[hash] ?? null));
  }

  async put(record: ApiKeyRecord): Promise<void> {
    const { lastUsedAt: _ignored, ...stored } = record;
    await this.redis.run((c) => c.hset(this.records, record.hash, JSON.stringify(stored)));
  }

  async touch(hash: string, lastUsedAt: string): Promise<void> {
    await this.redis.run((c) => c.hset(this.used, hash, lastUsedAt));
  }

  describe(): string {
    return 'redis';
  }

  private parse(json: string, lastUsedAt: string | null): ApiKeyRecord {
    const record = parseApiKeyRecord(JSON.parse(json), `redis ${this.records}`);
    return lastUsedAt === null ? record : { ...record, lastUsedAt };
  }
}
