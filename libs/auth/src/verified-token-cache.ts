import type { Principal } from '@bff/core';

/** Options of the verified-token cache of one issuer. */
export interface VerifiedTokenCacheOptions {
  /** Most tokens kept; the oldest entry makes room for a new one. Default is 10000. */
  maxEntries?: number;
  /**
   * Longest time (in milliseconds) a token is served from the cache before its signature and claims are
   * checked again, however far its `exp` is. It bounds how long a token stays accepted after its signing key
   * was withdrawn from the JWKS. Default is 60000 (one minute).
   */
  maxAgeMs?: number;
}

/** Defaults of {@link VerifiedTokenCacheOptions}. */
export const DEFAULT_VERIFIED_TOKEN_CACHE = Object.freeze({ maxEntries: 10_000, maxAgeMs: 60_000 });

interface Entry {
  readonly principal: Principal;
  /** Epoch milliseconds from which the entry no longer answers. */
  readonly until: number;
}

/**
 * Principals of tokens that already passed full verification, keyed by the exact token text, so a client
 * sending the same bearer token again skips the signature check (Envoy's `jwt_cache_config` does the same).
 * Only successes are stored; an entry answers until the token's `exp` (plus the clock tolerance) or
 * `maxAgeMs` after it was stored, whichever comes first, judged by the same clock as the verification.
 * Bounded: at `maxEntries` the oldest entry is dropped. Principals handed out are frozen, since requests
 * share them.
 *
 * @example
 * const cache = new VerifiedTokenCache({ maxEntries: 2, maxAgeMs: 60_000 });
 * cache.set(token, principal, expSec * 1000, Date.now());
 * cache.get(token, Date.now()); // the principal, until exp or a minute from now
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxAgeMs: number;

  constructor(options: Required<VerifiedTokenCacheOptions>) {
    this.maxEntries = options.maxEntries;
    this.maxAgeMs = options.maxAgeMs;
  }

  /** Number of entries held (expired ones included until they are looked up or pushed out). */
  get size(): number {
    return this.entries.size;
  }

  /** The principal verified for `token`, or undefined when unknown or no longer valid at `nowMs`. */
  get(token: string, nowMs: number): Principal | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (nowMs < entry.until) return entry.principal;
    this.entries.delete(token);
    return undefined;
  }

  /**
   * Remembers that `token` verified as `principal` at `nowMs`; `validUntilMs` is when the token itself stops
   * being valid (its `exp` plus the clock tolerance). Returns the frozen principal to hand out.
   */
  set(token: string, principal: Principal, validUntilMs: number, nowMs: number): Principal {
    const frozen = freezePrincipal(principal);
    const until = Math.min(validUntilMs, nowMs + this.maxAgeMs);
    if (!(until > nowMs)) return frozen;
    if (!this.entries.has(token) && this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(token, { principal: frozen, until });
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
