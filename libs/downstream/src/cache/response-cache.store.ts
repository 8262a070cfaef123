import { LRUCache } from 'lru-cache';

/** One cached answer, as stored (times are epoch milliseconds, shared by every replica reading the store). */
export interface CachedAnswer {
  status: number;
  /** `content-type` and `cache-control` of the answer. */
  headers: Record<string, string>;
  body: unknown;
  /** Until when the answer is fresh (served without calling the upstream). */
  freshUntil: number;
  /** Until when the answer may be served after an upstream failure (`stale-if-error`). */
  staleUntil: number;
  /** Size of the body as the upstream sent it, in bytes, when known (see `UpstreamResponse.bodyBytes`). */
  bodyBytes?: number;
}

/**
 * Where cached upstream answers live: in memory (one process, bounded by bytes) or in Redis (shared by
 * replicas). A store never throws to the caller for being unavailable: a miss is reported instead.
 * @example
 * providers: [{ provide: ResponseCacheStore, useValue: new MemoryResponseCacheStore({ maxBytes: 8 << 20 }) }]
 */
export interface ResponseCacheStore {
  /** The answer stored under `key`, or undefined. */
  get(key: string): Promise<CachedAnswer | undefined> | CachedAnswer | undefined;
  /** Stores `answer` under `key` for `ttlMs` milliseconds. */
  set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> | void;
}
export const ResponseCacheStore = Symbol('ResponseCacheStore');

/** Options of {@link MemoryResponseCacheStore}. */
export interface MemoryResponseCacheOptions {
  /** Largest total size (in bytes, as JSON) of the cached answers; the least recently used go first. Default is 16777216 (16 MiB). */
  maxBytes?: number;
  /** Largest single answer (in bytes) stored. Default is a sixteenth of `maxBytes`. */
  maxEntryBytes?: number;
}

/**
 * The in-memory {@link ResponseCacheStore} (lru-cache), bounded by bytes. Answers are kept as parsed objects and
 * handed out as they are: treat a cached body as read-only.
 * @example const store = new MemoryResponseCacheStore({ maxBytes: 8 * 1024 * 1024 });
 * @throws RangeError when `maxBytes` is not a positive integer
 */
export class MemoryResponseCacheStore implements ResponseCacheStore {
  private readonly lru: LRUCache<string, CachedAnswer>;
  private readonly maxEntryBytes: number;

  constructor(options: MemoryResponseCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
    if (!Number.isInteger(maxBytes) || maxBytes <= 0)
      throw new RangeError('maxBytes must be a positive integer');
    this.maxEntryBytes = options.maxEntryBytes ?? Math.floor(maxBytes / 16);
    this.lru = new LRUCache<string, CachedAnswer>({ maxSize: maxBytes, ttlAutopurge: false });
  }

  get(key: string): CachedAnswer | undefined {
    return this.lru.get(key);
  }

  set(key: string, answer: CachedAnswer, ttlMs: number): void {
    // The size as received when known: serializing a large body again only to weigh it cost more than the
    // cache saved (JSON.stringify of a batch answer on every store, 10 µs per mobile-bff home screen).
    const bodySize = answer.bodyBytes ?? JSON.stringify(answer.body ?? null).length;
    const size = key.length + bodySize + 64;
    if (size > this.maxEntryBytes) return;
    this.lru.set(key, answer, { size, ttl: ttlMs });
  }

  /** Total size (in bytes) of what is stored. */
  get sizeBytes(): number {
    return this.lru.calculatedSize;
  }
}
