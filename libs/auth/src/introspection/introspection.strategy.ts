import { createHash } from 'node:crypto';
import { systemClock, type Clock, type Principal } from '@bff/core';
import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { AuthInvalidTokenError, AuthTokenExpiredError, AuthUnavailableError } from '../auth.errors';
import type { CredentialStrategy, Credentials } from '../credential-strategy.interface';
import { jwtPrincipalMapper, type JwtClaimMapping } from '../jwt.principal';
import { refuseOversizedToken, resolveMaxTokenLength } from '../token-length';

/** Options of {@link IntrospectionStrategy}. */
export interface IntrospectionOptions {
  /** The issuer's introspection endpoint (RFC 7662 §2). */
  url: string;
  /** The BFF's own client credentials at the issuer (HTTP Basic, RFC 7662 §2.1). */
  clientId: string;
  clientSecret: string;
  /** The issuer the answers must name when they carry `iss` (exactly). */
  issuer: string;
  /** Audiences of this BFF: an answer with `aud` must name one. */
  audience: readonly string[];
  /** Claim mapping, as for the issuer's JWTs. */
  claims?: JwtClaimMapping;
  /** How long (ms) an active answer is reused (never past the token's `exp`). Default 30000, at most 300000. */
  cacheMaxAgeMs?: number;
  /** How long (ms) an inactive answer is reused, so a flood of bad tokens does not flood the issuer. Default 5000. */
  negativeCacheMaxAgeMs?: number;
  /** Most answers cached. Default 10000. */
  cacheMaxEntries?: number;
  /** Time allowed for one introspection request. Default 2000. */
  timeoutMs?: number;
  /** Longest token accepted, in characters; a longer one is refused before any call. Default 8192 (8 KiB). */
  maxTokenLength?: number;
  realm: string;
  clock?: Clock;
}

interface Cached {
  readonly until: number;
  readonly principal?: Principal;
}

/** Bearer tokens that are not a compact JWS (three base64url parts) are opaque: ours to introspect. */
const COMPACT_JWS = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/**
 * Opaque access tokens, checked by OAuth 2.0 token introspection (RFC 7662) at the issuer, as a strategy of
 * the same registry as JWTs: an active answer becomes the same principal a JWT with those claims would (same
 * claim mapping; `exp`, `iss` and `aud` checked when present). Answers are cached by the token's SHA-256 —
 * active ones for `cacheMaxAgeMs` and never past `exp`, inactive ones briefly — and concurrent lookups of one
 * token share one request, so repeated use costs one introspection call. A token longer than `maxTokenLength`
 * (8 KiB, as for JWTs) is refused before it is hashed or sent.
 *
 * @example
 * new IntrospectionStrategy({ url: 'https://id.example.com/oauth/introspect', clientId: 'web-bff',
 *   clientSecret, issuer: 'https://id.example.com', audience: ['web-bff'], realm: 'web-bff' })
 * @throws AuthInvalidTokenError for oversized or inactive tokens or answers for another issuer or audience,
 *   AuthTokenExpiredError past `exp`, AuthUnavailableError (503) when the endpoint cannot answer.
 * @see https://www.rfc-editor.org/rfc/rfc7662
 */
export class IntrospectionStrategy implements CredentialStrategy {
  readonly name = 'introspection';
  private readonly clock: Clock;
  private readonly cache: LRUCache<string, Cached>;
  private readonly pending = new Map<string, Promise<Cached>>();
  private readonly toPrincipal: (claims: JWTPayload) => Principal;
  private readonly authorization: string;
  private readonly maxTokenLength: number;
  private calls = 0;
  private lastError?: { at: number; message: string };

  constructor(private readonly options: IntrospectionOptions) {
    this.clock = options.clock ?? systemClock;
    this.cache = new LRUCache({ max: options.cacheMaxEntries ?? 10_000 });
    this.toPrincipal = jwtPrincipalMapper(options.claims);
    this.maxTokenLength = resolveMaxTokenLength(options.maxTokenLength, 'introspection.maxTokenLength');
    const basic = `${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`;
    this.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
    const maxAge = options.cacheMaxAgeMs ?? 30_000;
    if (!(maxAge >= 0 && maxAge <= 300_000))
      throw new TypeError('introspection: cacheMaxAgeMs must be 0 to 300000');
  }

  supports(credentials: Credentials): boolean {
    return credentials.scheme === 'bearer' && !COMPACT_JWS.test(credentials.value);
  }

  async authenticate(credentials: Credentials): Promise<Principal> {
    refuseOversizedToken(credentials.value, this.options.realm, this.maxTokenLength);
    const key = tokenKey(credentials.value);
    let entry = this.cache.get(key);
    if (!entry || entry.until <= this.clock.now()) {
      let lookup = this.pending.get(key);
      if (!lookup) {
        lookup = this.introspect(credentials.value, key).finally(() => this.pending.delete(key));
        this.pending.set(key, lookup);
      }
      entry = await lookup;
    }
    if (!entry.principal) throw this.invalid('token inactive');
    return entry.principal;
  }

  /** Introspection calls so far and the last failure. Never tokens. */
  state(): Record<string, unknown> {
    return {
      endpoint: new URL(this.options.url).host,
      cached: this.cache.size,
      calls: this.calls,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async introspect(token: string, key: string): Promise<Cached> {
    const answer = await this.request(token);
    const now = this.clock.now();
    const negative = (): Cached => {
      const entry = { until: now + (this.options.negativeCacheMaxAgeMs ?? 5_000) };
      this.cache.set(key, entry);
      return entry;
    };
    if (answer.active !== true) return negative();
    const claims = answer as JWTPayload & { active: true };
    const epochMs = this.clock.epochMs();
    if (typeof claims.exp === 'number' && claims.exp * 1000 <= epochMs) {
      throw new AuthTokenExpiredError({ realm: this.options.realm });
    }
    if (claims.iss !== undefined && claims.iss !== this.options.issuer) return negative();
    if (claims.aud !== undefined) {
      const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audiences.some((a) => this.options.audience.includes(a))) return negative();
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      // RFC 7662 makes `sub` optional: a client-credentials token names its client instead.
      if (typeof claims.client_id !== 'string' || claims.client_id === '') return negative();
      claims.sub = claims.client_id;
    }
    const principal = Object.freeze({ ...this.toPrincipal({ iss: this.options.issuer, ...claims }) });
    const lifetime = typeof claims.exp === 'number' ? claims.exp * 1000 - epochMs : Infinity;
    const entry = { until: now + Math.min(this.options.cacheMaxAgeMs ?? 30_000, lifetime), principal };
    this.cache.set(key, entry);
    return entry;
  }

  private async request(token: string): Promise<Record<string, unknown>> {
    this.calls++;
    try {
      const res = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 2_000),
      });
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new Error(`introspection answered ${res.status}`);
      }
      const body = (await res.json()) as unknown;
      if (typeof body !== 'object' || body === null) throw new Error('introspection answer is not an object');
      return body as Record<string, unknown>;
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      this.lastError = { at: this.clock.epochMs(), message: message.slice(0, 200) };
      throw new AuthUnavailableError({ cause });
    }
  }

  private invalid(detail: string): AuthInvalidTokenError {
    return new AuthInvalidTokenError(detail, { realm: this.options.realm });
  }
}

function tokenKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
