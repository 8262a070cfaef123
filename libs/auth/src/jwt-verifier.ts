import { isBffError, systemClock, type BffError, type Clock, type Principal } from '@bff/core';
import {
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type CryptoKey,
  type JWTPayload,
  type JWTVerifyOptions,
} from 'jose';
import { AuthInvalidTokenError, AuthTokenExpiredError } from './auth.errors';
import type { JwtIssuerOptions } from './auth-options.interface';
import { resolveJwtIssuerOptions, type ResolvedJwtIssuerOptions } from './auth-options.validation';
import { JwksResolver, type JwksState } from './jwks.resolver';
import { refuseOversizedToken, resolveMaxTokenLength } from './token-length';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * Most keys a token without `kid` is tried against (keys of its algorithm's type in the issuer's JWKS), as
 * Envoy does; a key set with more candidates refuses such a token instead of trying them all.
 */
export const MAX_KIDLESS_CANDIDATES = 4;

/** Compact JWS shape: three base64url segments (the signature may be empty, which the alg check then refuses). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Options of a standalone {@link JwtVerifier}: one issuer plus how errors and time are presented. */
export interface JwtVerifierOptions extends JwtIssuerOptions {
  /** Realm named in `WWW-Authenticate` challenges. Default is the first audience. */
  realm?: string;
  /** Longest token accepted, in characters. Default is `DEFAULT_MAX_TOKEN_LENGTH`, 8192 (8 KiB). */
  maxTokenLength?: number;
  /**
   * Time of the `exp`/`nbf`/`iat` checks (its `epochMs()`, since JWT times are epoch seconds) and of the
   * verified-token cache. Default is `systemClock`; tests pass a `FakeClock`.
   */
  clock?: Clock;
}

/**
 * Verifies bearer JWTs of one issuer against its JWKS: signature, algorithm allow-list, `iss`, `aud`,
 * `exp` (required) and `nbf` with a clock tolerance, and a non-empty `sub`. Cheap per call: a token verified
 * once is answered from a bounded cache until it expires (at most `verifiedTokenCache.maxAgeMs`), keys are cached
 * and an unknown `kid` refetches the JWKS at most once per cooldown. Usable without Nest.
 *
 * @example
 * const verifier = new JwtVerifier({ issuer: 'http://127.0.0.1:4000', audience: 'mobile-bff' });
 * const principal = await verifier.verify(token); // { kind: 'user', subject: 'u1', scopes: [...], ... }
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) for malformed, oversized, badly signed tokens,
 *   disallowed algorithms, unknown keys, wrong issuer or audience, `nbf` in the future, missing `sub`/`exp`.
 * @throws AuthTokenExpiredError (BFF_ERR_AUTH_TOKEN_EXPIRED) when `exp` has passed beyond the tolerance.
 * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when discovery or the JWKS cannot be fetched.
 * @throws ConfigError (BFF_ERR_CONFIG) from the constructor when options are invalid.
 */
export class JwtVerifier {
  /** The expected `iss`, exactly as configured. */
  readonly issuer: string;
  /** Realm named in this verifier's challenges. */
  readonly realm: string;
  private readonly options: ResolvedJwtIssuerOptions;
  private readonly allowedAlgorithms: ReadonlySet<string>;
  private readonly jwks: JwksResolver;
  private readonly maxTokenLength: number;
  private readonly toPrincipal: (claims: JWTPayload) => Principal;
  private readonly clock: Clock;
  private readonly cache?: VerifiedTokenCache;
  private readonly verifyOptions: JWTVerifyOptions;

  constructor(options: JwtVerifierOptions) {
    this.options = resolveJwtIssuerOptions(options);
    this.issuer = this.options.issuer;
    this.realm = options.realm ?? this.options.audience[0];
    this.maxTokenLength = resolveMaxTokenLength(options.maxTokenLength, 'auth.jwt.maxTokenLength');
    this.clock = options.clock ?? systemClock;
    this.allowedAlgorithms = new Set(this.options.algorithms);
    this.toPrincipal = this.options.toPrincipal;
    this.verifyOptions = {
      issuer: this.options.issuer,
      audience: [...this.options.audience],
      algorithms: [...this.options.algorithms],
      clockTolerance: this.options.clockToleranceSec,
      requiredClaims: ['sub', 'exp'],
      ...(this.options.typ !== undefined ? { typ: this.options.typ } : {}),
    };
    this.jwks = new JwksResolver(this.options, () => this.clock.epochMs());
    const { verifiedTokenCache } = this.options;
    if (verifiedTokenCache) this.cache = new VerifiedTokenCache(verifiedTokenCache, this.clock);
  }

  /**
   * The state of this issuer's key set (fresh, cooling down, last fetch, last error), without I/O.
   * @example verifier.jwksState() // { issuer, located: true, fresh: true, keys: 2, lastFetchAt: 1767225600000, ... }
   */
  jwksState(): JwksState & { readonly issuer: string } {
    return { issuer: this.issuer, ...this.jwks.state() };
  }

  /**
   * Resolves when this issuer's keys can be served now (fetching them if the cached set is not fresh).
   * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when discovery or the JWKS cannot be fetched.
   */
  checkReady(): Promise<void> {
    return this.jwks.checkReady();
  }

  /**
   * The principal of `token` when it verified recently (the verified-token cache), without a promise; undefined
   * when it must be verified (or the cache is off).
   * @example const principal = verifier.cached(token) ?? (await verifier.verify(token));
   */
  cached(token: string): Principal | undefined {
    return this.cache?.get(token);
  }

  /**
   * Verifies `token` and maps its claims to a principal.
   * @example const { subject, scopes } = await verifier.verify(token);
   */
  async verify(token: string): Promise<Principal> {
    const cache = this.cache;
    const known = cache?.get(token);
    if (known) return known;
    this.precheck(token);
    let payload: JWTPayload;
    try {
      payload = await this.verifySignedToken(token);
    } catch (err) {
      throw this.translate(err);
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw this.invalid('sub claim invalid');
    const mapped = this.toPrincipal(payload);
    const principal =
      typeof payload.jti === 'string' && payload.jti !== '' && mapped.tokenId === undefined
        ? Object.freeze({ ...mapped, tokenId: payload.jti })
        : mapped;
    if (!cache) return principal;
    // jose accepted `exp` (required), so the token stays valid until exp + tolerance.
    const validUntilMs = ((payload.exp as number) + this.options.clockToleranceSec) * 1000;
    return cache.set(token, principal, validUntilMs);
  }

  /**
   * jose's full check against the issuer's key set. A token without `kid` that matches several keys of its
   * type is tried against each (at most {@link MAX_KIDLESS_CANDIDATES}).
   */
  private async verifySignedToken(token: string): Promise<JWTPayload> {
    const options = { ...this.verifyOptions, currentDate: new Date(this.clock.epochMs()) };
    try {
      return (await jwtVerify(token, this.jwks.getKey, options)).payload;
    } catch (err) {
      if (!(err instanceof errors.JWKSMultipleMatchingKeys)) throw err;
      const candidates = (err as unknown as AsyncIterable<CryptoKey>)[Symbol.asyncIterator];
      if (typeof candidates !== 'function') throw err;
      let tried = 0;
      for await (const key of err as unknown as AsyncIterable<CryptoKey>) {
        if (++tried > MAX_KIDLESS_CANDIDATES) break;
        try {
          return (await jwtVerify(token, key, options)).payload;
        } catch (attempt) {
          if (!(attempt instanceof errors.JWSSignatureVerificationFailed)) throw attempt;
        }
      }
      throw tried > MAX_KIDLESS_CANDIDATES ? err : new errors.JWSSignatureVerificationFailed();
    }
  }

  /**
   * Cheap checks before any key lookup: length, shape, an allowed `alg` in the protected header, and the
   * exact `iss` of this issuer (so a token of an issuer not trusted never makes the BFF fetch keys).
   */
  private precheck(token: string): void {
    if (typeof token !== 'string' || token.length === 0) throw this.invalid('malformed token');
    refuseOversizedToken(token, this.realm, this.maxTokenLength);
    if (!COMPACT_JWS.test(token)) throw this.invalid('malformed token');
    let alg: unknown;
    try {
      ({ alg } = decodeProtectedHeader(token));
    } catch (cause) {
      throw this.invalid('malformed token', cause);
    }
    if (typeof alg !== 'string' || !this.allowedAlgorithms.has(alg))
      throw this.invalid('algorithm not allowed');
    let iss: unknown;
    try {
      ({ iss } = decodeJwt(token));
    } catch (cause) {
      throw this.invalid('malformed token', cause);
    }
    if (iss !== this.issuer) throw this.invalid('issuer not accepted');
  }

  private translate(err: unknown): BffError {
    if (isBffError(err)) return err; // AuthUnavailableError from the key resolver
    if (err instanceof errors.JWTExpired) return new AuthTokenExpiredError({ realm: this.realm, cause: err });
    return this.invalid(describe(err), err);
  }

  private invalid(detail: string, cause?: unknown): AuthInvalidTokenError {
    return new AuthInvalidTokenError(detail, { realm: this.realm, cause });
  }
}

/** A short, fixed phrase for a jose failure: safe to show (never key material, URLs or token content). */
function describe(err: unknown): string {
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'issuer not accepted';
    if (err.claim === 'aud') return 'audience not accepted';
    if (err.claim === 'nbf' && err.reason === 'check_failed') return 'token not yet valid';
    const claim = /^[a-z_]{1,20}$/i.test(err.claim) ? err.claim : 'a';
    return err.reason === 'missing' ? `${claim} claim missing` : `${claim} claim invalid`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (err instanceof errors.JWKSNoMatchingKey) return 'signing key not found';
  if (err instanceof errors.JWKSMultipleMatchingKeys) return 'signing key is ambiguous';
  return 'malformed token';
}
