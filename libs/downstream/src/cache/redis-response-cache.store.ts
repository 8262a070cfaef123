import { createHash } from 'node:crypto';
import type { RedisConnection } from '@bff/redis';
import type { CachedAnswer, ResponseCacheStore } from './response-cache.store';

/**
 * The {@link ResponseCacheStore} in Redis, shared by every replica: one string per answer (JSON) under
 * `bff:cache:<sha1 of the key>`, expiring with its stale-if-error window (`PX`). While Redis is down every
 * lookup is a miss and nothing is stored: the cache never fails a call.
 * @example new RedisResponseCacheStore(redisConnection)
 */
export class RedisResponseCacheStore implements ResponseCacheStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix = 'bff:cache:',
  ) {}

  async get(key: string): Promise<CachedAnswer | undefined> {
    try {
      const text = await this.redis.run((client) => client.get(this.keyOf(key)));
      return text ? (JSON.parse(text) as CachedAnswer) : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    try {
      await this.redis.run((client) =>
        client.set(this.keyOf(key), JSON.stringify(answer), 'PX', Math.max(1, Math.ceil(ttlMs))),
      );
    } catch {
      // a cache that cannot store is a cache that misses
    }
  }

  private keyOf(key: string): string {
    return this.prefix + createHash('sha1').update(key).digest('hex');
  }
}
