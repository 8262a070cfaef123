import { isBffError, systemClock, type Clock, type Principal } from '@bff/core';
import { Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { AuthInvalidTokenError, AuthTokenExpiredError, AuthUnavailableError } from '../auth.errors';
import { countRawHeaders, type AuthRequest } from '../bearer.extractor';
import type { CredentialStrategy, Credentials } from '../credential-strategy.interface';
import { hashApiKey, isWellFormedApiKey, sameHash } from './api-key.secret';
import { clientNetworks } from './client-networks';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.interface';

/** Longest lifetime of a cached record: a revocation must reach every replica within one second. */
export const MAX_API_KEY_CACHE_AGE_MS = 1000;

/** Default of {@link ApiKeyStrategyOptions.staleMaxAgeMs}: a record read within a minute outlives a failover. */
export const DEFAULT_API_KEY_STALE_MAX_AGE_MS = 60_000;

/** Options of {@link ApiKeyStrategy}. */
export interface ApiKeyStrategyOptions {
  /** Realm named in `WWW-Authenticate` challenges. */
  realm: string;
  /**
   * How long (ms) a looked-up record (or its absence) answers without asking the store; at most 1000, so a
   * revocation is seen by every replica within a second. Default is 1000; 0 asks the store every request.
   */
  cacheMaxAgeMs?: number;
  /** Most records (and most unknown keys) cached, for freshness and stale-if-error alike. Default is 10000 each. */
  cacheMaxEntries?: number;
  /**
   * Stale-if-error: while the store cannot answer (Redis down, a primary failing over), a record read from it
   * at most this many ms ago keeps authenticating (still refused when it says revoked or expired). Keys not read
   * within it, and keys the store said it does not know, get the 503. Default is 60000; 0 turns it off.
   */
  staleMaxAgeMs?: number;
  /** `lastUsedAt` is written at most once per this many ms per key and process. Default is 3600000 (1 hour). */
  lastUsedGranularityMs?: number;
  /** Time of expiry checks, `lastUsedAt` and the cache. Default is `systemClock`. */
  clock?: Clock;
}

interface CachedKey {
  /** When the store answered this record (monotonic ms). */
  readonly at: number;
  /** When a failed lookup last fell back to this record: it answers for `cacheMaxAgeMs` from then. */
  readonly staleAt?: number;
  readonly record: ApiKeyRecord;
  readonly principal: Principal;
  /** The record's network restriction, when it has one. */
  readonly networkAllowed?: (address: string | undefined) => boolean;
}

/**
 * Partner API keys from the `X-API-Key` header: the key's SHA-256 is looked up in an {@link ApiKeyStore}
 * (no stored secret is compared with what the client sent; the found hash is compared again in constant
 * time), then refused when revoked or expired. A record is cached for at most `cacheMaxAgeMs` (≤ 1 s), so the
 * steady state costs no store round trip and a revocation still takes effect within a second everywhere.
 * The principal is a `client`: subject and clientId are the partner, with the key's tenant, scopes and tier,
 * exactly as a client-credentials token of that partner. A key restricted to client networks
 * (`allowedNetworks`) is refused, with the same generic 401, from any other address.
 * When the store fails (not when it answers "no such key"), a record read within `staleMaxAgeMs` keeps
 * authenticating (stale-if-error); a revocation written during the outage is seen once the store answers again.
 *
 * @example
 * registry.register(new ApiKeyStrategy(new FileApiKeyStore('api-keys.json'), { realm: 'partner-bff' }));
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) for malformed, unknown or revoked keys,
 *   AuthTokenExpiredError (BFF_ERR_AUTH_TOKEN_EXPIRED) past `expiresAt`,
 *   AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE, 503) when the store cannot answer.
 */
export class ApiKeyStrategy implements CredentialStrategy {
  readonly name = 'api-key';
  private readonly realm: string;
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private readonly granularityMs: number;
  private readonly staleMaxAgeMs: number;
  private readonly logger = new Logger('ApiKeyStrategy');
  private readonly known: LRUCache<string, CachedKey>;
  private readonly unknown: LRUCache<string, number>;
  private readonly touched = new Map<string, number>();
  private lookups = 0;
  private lastStoreError?: { at: number; message: string };
  /** The current store outage: since when (epoch ms) and how many requests were answered stale. */
  private outage?: { since: number; staleServed: number };

  constructor(
    private readonly store: ApiKeyStore,
    options: ApiKeyStrategyOptions,
  ) {
    this.realm = options.realm;
    this.clock = options.clock ?? systemClock;
    this.maxAgeMs = options.cacheMaxAgeMs ?? MAX_API_KEY_CACHE_AGE_MS;
    if (!Number.isInteger(this.maxAgeMs) || this.maxAgeMs < 0 || this.maxAgeMs > MAX_API_KEY_CACHE_AGE_MS) {
      throw new TypeError(`api keys: cacheMaxAgeMs must be an integer from 0 to ${MAX_API_KEY_CACHE_AGE_MS}`);
    }
    this.granularityMs = options.lastUsedGranularityMs ?? 3_600_000;
    this.staleMaxAgeMs = options.staleMaxAgeMs ?? DEFAULT_API_KEY_STALE_MAX_AGE_MS;
    if (!Number.isInteger(this.staleMaxAgeMs) || this.staleMaxAgeMs < 0) {
      throw new TypeError(
        'api keys: staleMaxAgeMs must be a non-negative integer (0 turns stale-if-error off)',
      );
    }
    const max = options.cacheMaxEntries ?? 10_000;
    this.known = new LRUCache({ max });
    this.unknown = new LRUCache({ max });
  }

  /**
   * `X-API-Key: bffk_live_...`. A repeated header, a malformed key, or a key sent together with a Bearer
   * token (one credential per request) is a 401.
   */
  extractCredentials(request: AuthRequest): Credentials | undefined {
    const header = request.headers['x-api-key'];
    if (header === undefined) return undefined;
    if (Array.isArray(header) || countRawHeaders(request, 'x-api-key') > 1)
      throw this.invalid('multiple api keys');
    if (request.headers.authorization !== undefined) throw this.invalid('more than one credential');
    const value = header.trim();
    if (!isWellFormedApiKey(value)) throw this.invalid('malformed api key');
    return { scheme: 'api-key', value, clientAddress: request.ip };
  }

  supports(credentials: Credentials): boolean {
    return credentials.scheme === 'api-key';
  }

  async authenticate(credentials: Credentials): Promise<Principal> {
    if (!isWellFormedApiKey(credentials.value)) throw this.invalid('malformed api key');
    const hash = hashApiKey(credentials.value);
    const entry = await this.lookup(hash);
    if (!entry || !sameHash(entry.record.hash, hash)) throw this.invalid('unknown api key');
    const { record } = entry;
    if (record.revokedAt !== undefined) throw this.invalid('api key revoked');
    const nowMs = this.clock.epochMs();
    if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= nowMs) {
      throw new AuthTokenExpiredError({ realm: this.realm });
    }
    if (entry.networkAllowed && !entry.networkAllowed(credentials.clientAddress)) {
      throw this.invalid('client network not allowed');
    }
    // No use is recorded from a stale record: the store is down, and the write would only fail.
    if (entry.staleAt === undefined) this.touch(record, nowMs);
    else if (this.outage) this.outage.staleServed++;
    return entry.principal;
  }

  /**
   * Store kind, cache sizes, store lookups so far, the last store failure and, during an outage,
   * `degraded: { since, staleServed }` (requests answered from records read before it). No key material.
   */
  state(): Record<string, unknown> {
    return {
      store: this.store.describe(),
      cachedKeys: this.known.size,
      cachedUnknown: this.unknown.size,
      storeLookups: this.lookups,
      staleMaxAgeMs: this.staleMaxAgeMs,
      ...(this.outage ? { degraded: { ...this.outage } } : {}),
      ...(this.lastStoreError ? { lastError: this.lastStoreError } : {}),
    };
  }

  private async lookup(hash: string): Promise<CachedKey | undefined> {
    const now = this.clock.now();
    const cached = this.known.get(hash);
    if (cached && (now - cached.at < this.maxAgeMs || this.staleAnswers(cached, now))) return cached;
    const missAt = this.unknown.get(hash);
    if (missAt !== undefined && now - missAt < this.maxAgeMs) return undefined;
    let record: ApiKeyRecord | undefined;
    try {
      this.lookups++;
      record = await this.store.findByHash(hash);
    } catch (cause) {
      if (isBffError(cause) && cause.status === 401) throw cause;
      this.storeFailed(cause);
      const stale = cached && now - cached.at <= this.staleMaxAgeMs ? cached : undefined;
      if (!stale) throw new AuthUnavailableError({ cause });
      // Answers for one cache lifetime before the store is asked again, so a hanging store costs each key
      // one slow lookup per second, not one per request.
      const entry: CachedKey = { ...stale, staleAt: now };
      this.known.set(hash, entry);
      return entry;
    }
    this.storeAnswered();
    if (!record) {
      this.known.delete(hash);
      this.unknown.set(hash, now);
      return undefined;
    }
    this.unknown.delete(hash);
    const entry: CachedKey = {
      at: now,
      record,
      principal: principalOf(record),
      ...(record.allowedNetworks?.length ? { networkAllowed: clientNetworks(record.allowedNetworks) } : {}),
    };
    this.known.set(hash, entry);
    return entry;
  }

  /** Whether a record that fell back to stale still answers without asking the store. */
  private staleAnswers(cached: CachedKey, now: number): boolean {
    return (
      cached.staleAt !== undefined &&
      now - cached.staleAt < this.maxAgeMs &&
      now - cached.at <= this.staleMaxAgeMs
    );
  }

  /** Records a failed lookup; the first of an outage is logged (once, not per request). */
  private storeFailed(cause: unknown): void {
    const message = (cause instanceof Error ? cause.message : String(cause)).slice(0, 200);
    const at = this.clock.epochMs();
    this.lastStoreError = { at, message };
    if (this.outage) return;
    this.outage = { since: at, staleServed: 0 };
    this.logger.warn(
      this.staleMaxAgeMs > 0
        ? `api key store ${this.store.describe()} cannot answer (${message}): keys read within the last ${this.staleMaxAgeMs} ms keep working, others get 503`
        : `api key store ${this.store.describe()} cannot answer (${message}): keys get 503`,
    );
  }

  /** Ends the current outage, if any, with one log line. */
  private storeAnswered(): void {
    if (!this.outage) return;
    const { since, staleServed } = this.outage;
    this.outage = undefined;
    this.logger.log(
      `api key store ${this.store.describe()} answers again after ${this.clock.epochMs() - since} ms (${staleServed} requests answered from stale records)`,
    );
  }

  /** Writes `lastUsedAt` at most once per granularity per key and process; never delays or fails the request. */
  private touch(record: ApiKeyRecord, nowMs: number): void {
    const last = Math.max(
      this.touched.get(record.hash) ?? 0,
      record.lastUsedAt ? Date.parse(record.lastUsedAt) : 0,
    );
    if (nowMs - last < this.granularityMs) return;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(record.hash, nowMs);
    this.store
      .touch(record.hash, new Date(nowMs).toISOString())
      .catch(() => this.touched.delete(record.hash));
  }

  private invalid(detail: string): AuthInvalidTokenError {
    return new AuthInvalidTokenError(detail, { realm: this.realm });
  }
}

/** The principal of a key: the partner as a `client`, as its client-credentials token would name it. */
export function principalOf(record: ApiKeyRecord): Principal {
  const principal: Principal = {
    kind: 'client',
    subject: record.clientId,
    clientId: record.clientId,
    scopes: Object.freeze([...record.scopes]),
    method: 'api-key',
  };
  if (record.tenant !== undefined) principal.tenant = record.tenant;
  if (record.tier !== undefined) principal.tier = record.tier;
  return Object.freeze(principal);
}
