import { systemClock, type Clock } from '@bff/core';
import type {
  ClaimOutcome,
  Completion,
  IdempotencyRecordId,
  IdempotencyStore,
  StoredResponse,
} from '../idempotency-store.interface';
import { newClaimToken } from './claim-token';

/** Options of {@link MemoryIdempotencyStore}. */
export interface MemoryIdempotencyStoreOptions {
  /** Most records held; past it the oldest record is dropped. Default is 10000. */
  maxRecords?: number;
  /** Time source of leases and expiry. Default is the system clock. */
  clock?: Clock;
}

/** Default of {@link MemoryIdempotencyStoreOptions.maxRecords}. */
export const DEFAULT_MEMORY_IDEMPOTENCY_RECORDS = 10_000;

interface MemoryRecord {
  /** Claim token while in progress; undefined once completed. */
  token?: string;
  fingerprint: string;
  response?: StoredResponse;
  /** `clock.now()` past which the record is gone (lease or TTL). */
  expiresAt: number;
}

/**
 * The embedded store, for one process: records in a `Map`, leases and expiry on the framework clock (so a test
 * moves 24 hours with a `FakeClock`), bounded in number. Insertion order is age order (a completed record is
 * re-inserted), so expired records are swept from the front and, at the bound, the oldest goes first. With
 * several replicas use the Redis store: a memory record protects only the replica that holds it.
 * @example const store = new MemoryIdempotencyStore({ maxRecords: 10_000, clock });
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, MemoryRecord>();
  private readonly maxRecords: number;
  private readonly clock: Clock;

  constructor(options: MemoryIdempotencyStoreOptions = {}) {
    const max = options.maxRecords ?? DEFAULT_MEMORY_IDEMPOTENCY_RECORDS;
    if (!Number.isSafeInteger(max) || max < 1) {
      throw new TypeError('MemoryIdempotencyStore: maxRecords must be a positive integer');
    }
    this.maxRecords = max;
    this.clock = options.clock ?? systemClock;
  }

  /** Records held now, expired ones not yet swept included. */
  get size(): number {
    return this.records.size;
  }

  async claim(id: IdempotencyRecordId, fingerprint: string, leaseMs: number): Promise<ClaimOutcome> {
    const now = this.clock.now();
    const name = recordName(id);
    const held = this.live(name, now);
    if (held?.token !== undefined) return { state: 'in-progress', fingerprint: held.fingerprint };
    if (held) return { state: 'completed', fingerprint: held.fingerprint, response: held.response! };
    const token = newClaimToken();
    this.put(name, { token, fingerprint, expiresAt: now + leaseMs }, now);
    return { state: 'claimed', token };
  }

  async complete(
    id: IdempotencyRecordId,
    { token, fingerprint, response, ttlMs }: Completion,
  ): Promise<boolean> {
    const now = this.clock.now();
    const name = recordName(id);
    if (this.live(name, now)?.token !== token) return false;
    this.put(name, { fingerprint, response, expiresAt: now + ttlMs }, now);
    return true;
  }

  async release(id: IdempotencyRecordId, token: string): Promise<void> {
    const name = recordName(id);
    if (this.live(name, this.clock.now())?.token === token) this.records.delete(name);
  }

  private live(name: string, now: number): MemoryRecord | undefined {
    const record = this.records.get(name);
    if (record && record.expiresAt <= now) {
      this.records.delete(name);
      return undefined;
    }
    return record;
  }

  private put(name: string, record: MemoryRecord, now: number): void {
    this.records.delete(name);
    this.records.set(name, record);
    for (const [oldest, first] of this.records) {
      if (this.records.size <= this.maxRecords && first.expiresAt > now) break;
      this.records.delete(oldest);
    }
  }
}

function recordName(id: IdempotencyRecordId): string {
  return `${id.scope}\n${id.key}`;
}
