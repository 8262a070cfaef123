import { systemClock, type Clock } from '@bff/core';
import { decideAll, decidePolicy, type AlgorithmState } from '../algorithms/decide-all';
import {
  assertRateLimitRequests,
  peekRequests,
  toDecision,
  type RateLimitDecision,
  type RateLimitPeekRequest,
  type RateLimitRequest,
  type RateLimitStore,
} from '../rate-limit-store.interface';

/** Options of {@link MemoryRateLimitStore}. */
export interface MemoryRateLimitStoreOptions {
  /** Time source. Default is the process's monotonic clock (`systemClock` of @bff/core). */
  clock?: Clock;
  /**
   * Most counters (caller × policy) kept at once; beyond it the least recently spent one is dropped, which gives
   * that caller a fresh quota. Default is 100000.
   */
  maxKeys?: number;
  /** A bounded sweep of idle counters runs once per this many decisions. Default is 64. */
  sweepEvery?: number;
  /** Counters one sweep examines at most. Default is 128. */
  sweepBatch?: number;
}

interface Entry {
  state: AlgorithmState;
  /** Clock time after which the state is equivalent to none. */
  expiresAt: number;
}

/** Defaults of {@link MemoryRateLimitStoreOptions}. */
export const MEMORY_RATE_LIMIT_STORE_DEFAULTS = Object.freeze({
  maxKeys: 100_000,
  sweepEvery: 64,
  sweepBatch: 128,
});

/**
 * The embedded store: one process, the TypeScript cores, bounded memory. No timer per key or per hit: an expired
 * counter is dropped when next touched, and every `sweepEvery` decisions a sweep examines up to `sweepBatch`
 * counters (round robin over the map) and drops the expired ones. Map order is "least recently spent first", so
 * going over `maxKeys` drops the stalest counter.
 * @example const store = new MemoryRateLimitStore({ clock: new FakeClock(), maxKeys: 10_000 });
 * @throws TypeError at construction for a bad option; from `decide` for malformed requests.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly clock: Clock;
  private readonly maxKeys: number;
  private readonly sweepEvery: number;
  private readonly sweepBatch: number;
  private readonly entries = new Map<string, Entry>();
  private sweepCursor: IterableIterator<[string, Entry]> | undefined;
  private decisions = 0;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxKeys = positiveInteger(options.maxKeys, MEMORY_RATE_LIMIT_STORE_DEFAULTS.maxKeys, 'maxKeys');
    this.sweepEvery = positiveInteger(
      options.sweepEvery,
      MEMORY_RATE_LIMIT_STORE_DEFAULTS.sweepEvery,
      'sweepEvery',
    );
    this.sweepBatch = positiveInteger(
      options.sweepBatch,
      MEMORY_RATE_LIMIT_STORE_DEFAULTS.sweepBatch,
      'sweepBatch',
    );
    if (typeof this.clock?.now !== 'function')
      throw new TypeError('MemoryRateLimitStore: clock must have now()');
  }

  /** Counters currently held (expired ones not yet swept included). */
  get size(): number {
    return this.entries.size;
  }

  decide(requests: readonly RateLimitRequest[]): Promise<RateLimitDecision> {
    try {
      return Promise.resolve(this.decideNow(requests));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The synchronous decision behind {@link decide}. */
  decideNow(requests: readonly RateLimitRequest[]): RateLimitDecision {
    assertRateLimitRequests(requests);
    const now = this.clock.now();
    const keys = requests.map(memoryKey);
    const inputs = requests.map((request, i) => ({
      state: this.live(keys[i], now),
      policy: request.policy,
      cost: request.cost,
    }));
    const { allowed, results } = decideAll(inputs, now);
    if (allowed) {
      for (let i = 0; i < keys.length; i++) {
        // Delete first so the map keeps "least recently spent first" order.
        this.entries.delete(keys[i]);
        this.entries.set(keys[i], { state: results[i].newState, expiresAt: now + results[i].ttlMs });
      }
      this.evictOverflow();
    }
    if (++this.decisions % this.sweepEvery === 0) this.sweep(now);
    return toDecision(requests, allowed, results);
  }

  peek(requests: readonly RateLimitPeekRequest[]): Promise<RateLimitDecision> {
    try {
      return Promise.resolve(this.peekNow(requests));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The synchronous read behind {@link peek}: each policy's state at cost 0, nothing written. */
  peekNow(requests: readonly RateLimitPeekRequest[]): RateLimitDecision {
    const zero = peekRequests(requests);
    const now = this.clock.now();
    const results = zero.map((request) =>
      decidePolicy(this.live(memoryKey(request), now), now, request.policy, 0),
    );
    return toDecision(zero, true, results);
  }

  private live(key: string, now: number): AlgorithmState | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.state;
  }

  private evictOverflow(): void {
    while (this.entries.size > this.maxKeys) {
      const oldest = this.entries.keys().next();
      if (oldest.done) return;
      this.entries.delete(oldest.value);
    }
  }

  private sweep(now: number): void {
    for (let examined = 0; examined < this.sweepBatch; examined++) {
      this.sweepCursor ??= this.entries.entries();
      const next = this.sweepCursor.next();
      if (next.done) {
        this.sweepCursor = undefined;
        return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}

/** Algorithm in the key: a policy switched to another algorithm starts fresh instead of misreading state. */
function memoryKey(request: RateLimitRequest): string {
  return `${request.policy.algorithm === 'gcra' ? 'g' : 's'}\u0000${request.policy.name}\u0000${request.key}`;
}

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new TypeError(`MemoryRateLimitStore: ${name} must be a positive integer`);
  }
  return value;
}
