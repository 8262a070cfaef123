import { systemClock, type Clock, type Principal } from '@bff/core';
import { LRUCache } from 'lru-cache';

/** Options of the verified-token cache of one issuer. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; the least recently used one makes room for a new one. Default is 10000. */
  maxEntries?: number;
  /**
   * Most token text kept (in bytes, the sum of the cached tokens' lengths); the least recently used tokens make
   * room. Default is 33554432 (32 MiB), which bounds a cache of 8 KiB tokens to 4096 of them.
   */
  maxBytes?: number;
  /**
   * Longest time (in milliseconds) a token is served from the cache before its signature and claims are
   * checked again, however far its `exp` is. It bounds how long a token stays accepted after its signing key
   * was withdrawn from the JWKS. Default is 60000 (one minute).
   */
  maxAgeMs?: number;
}

/** Defaults of {@link VerifiedTokenCacheOptions}. */
export const DEFAULT_VERIFIED_TOKEN_CACHE = Object.freeze({
  maxEntries: 10_000,
  maxBytes: 32 * 1024 * 1024,
  maxAgeMs: 60_000,
});

interface Entry {
  readonly principal: Principal;
  /** Epoch milliseconds from which the token itself is no longer valid (`exp` plus the tolerance). */
  readonly validUntilEpochMs: number;
  /** Monotonic milliseconds (the clock's `now()`) from which the entry is too old to answer (`maxAgeMs`). */
  readonly freshUntil: number;
}

/**
 * Principals of tokens that already passed full verification, keyed by the exact token text, so a client
 * sending the same bearer token again skips the signature check (Envoy's `jwt_cache_config` does the same).
 * Only successes are stored; an entry answers until the token's `exp` (plus the clock tolerance), judged on the
 * clock's epoch reading like the verification, or `maxAgeMs` after it was stored, judged on its monotonic reading
 * (a wall-clock jump cannot stretch it), whichever comes first. Bounded by entries and by bytes of token text:
 * the least recently used entries make room (lru-cache). Principals handed out are frozen, since requests share
 * them.
 *
 * @example
 * const cache = new VerifiedTokenCache({ maxEntries: 2, maxBytes: 1 << 20, maxAgeMs: 60_000 }, clock);
 * cache.set(token, principal, expSec * 1000);
 * cache.get(token); // the principal, until exp or a minute from now
 */
export class VerifiedTokenCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxAgeMs: number;

  constructor(
    options: Required<VerifiedTokenCacheOptions>,
    private readonly clock: Clock = systemClock,
  ) {
    this.maxAgeMs = options.maxAgeMs;
    this.entries = new LRUCache<string, Entry>({
      max: options.maxEntries,
      maxSize: options.maxBytes,
      sizeCalculation: function tokenBytes(_entry, token) {
        return token.length;
      },
    });
  }

  /** Number of entries held (expired ones included until they are looked up or pushed out). */
  get size(): number {
    return this.entries.size;
  }

  /** The principal verified for `token`, or undefined when unknown or no longer valid now. */
  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (this.clock.now() < entry.freshUntil && this.clock.epochMs() < entry.validUntilEpochMs)
      return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  /**
   * Remembers that `token` verified as `principal` just now; `validUntilEpochMs` is when the token itself stops
   * being valid (its `exp` plus the clock tolerance, in epoch milliseconds). Returns the frozen principal to
   * hand out.
   */
  set(token: string, principal: Principal, validUntilEpochMs: number): Principal {
    const frozen = freezePrincipal(principal);
    if (!(validUntilEpochMs > this.clock.epochMs())) return frozen;
    this.entries.set(token, {
      principal: frozen,
      validUntilEpochMs,
      freshUntil: this.clock.now() + this.maxAgeMs,
    });
    return frozen;
  }

  /** Forgets every token. */
  clear(): void {
    this.entries.clear();
  }
}

function freezePrincipal(principal: Principal): Principal {
  if (!Object.isFrozen(principal.scopes)) Object.freeze(principal.scopes);
  return Object.freeze(principal);
}
