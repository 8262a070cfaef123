import type { Clock, Principal } from '@bff/core';
import type { JWTPayload } from 'jose';
import type { CredentialStrategy } from './credential-strategy.interface';
import type { VerifiedTokenCacheOptions } from './verified-token-cache';

/**
 * One trusted token issuer (an OpenID Provider or any JWKS-publishing authorization server).
 * @example
 * { issuer: 'http://127.0.0.1:4000', audience: 'mobile-bff' }
 */
export interface JwtIssuerOptions {
  /**
   * Expected `iss` claim, compared exactly. Unless `jwksUrl` is set, the JWKS location is read from
   * `${issuer}/.well-known/openid-configuration` (`jwks_uri`) on first use.
   */
  issuer: string;
  /** JWKS location; skips discovery when set. */
  jwksUrl?: string;
  /** Accepted `aud` value(s); the token must name at least one. */
  audience: string | string[];
  /**
   * Accepted JWS algorithms. Default is `['RS256', 'PS256', 'ES256', 'EdDSA']`.
   * `none` and the HMAC family (`HS*`) are refused: a public JWKS cannot vouch for them.
   */
  algorithms?: string[];
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds. Default is 5. */
  clockToleranceSec?: number;
  /** Duration (in milliseconds) with no JWKS refetch after a successful one. Default is 30000 (30 seconds). */
  jwksCooldownMs?: number;
  /** Timeout (in milliseconds) for the discovery and JWKS requests. Default is 2000 (2 seconds). */
  jwksTimeoutMs?: number;
  /** Duration (in milliseconds) a fetched JWKS stays fresh. Default is 600000 (10 minutes). */
  jwksCacheMaxAgeMs?: number;
  /**
   * Keeps the principals of verified tokens so the same token sent again skips the signature check (the
   * largest CPU cost of a request). An entry answers until the token expires or `maxAgeMs` passes, whichever
   * is first; `false` verifies every request. Default is
   * `{ maxEntries: 10000, maxBytes: 33554432, maxAgeMs: 60000 }`.
   */
  verifiedTokenCache?: VerifiedTokenCacheOptions | false;
  /**
   * Maps verified claims to a {@link Principal}. Default is {@link defaultJwtPrincipal}: `sub` → subject,
   * kind `client` when `client_id === sub` (client-credentials grant) else `user`, scopes from `scope`
   * (space separated) or `scp`, tenant from `tenant`, clientId from `client_id` or `azp`.
   */
  toPrincipal?: (claims: JWTPayload) => Principal;
  /** Claim the default mapping reads `Principal.tier` from (rate-limit tier policies). Default is `tier`. */
  tierClaim?: string;
}

/**
 * Options of {@link AuthModule}.
 * @example
 * AuthModule.forRoot({ jwt: { issuer: 'http://127.0.0.1:4000', audience: 'web-bff' } })
 */
export interface AuthModuleOptions {
  /** One or several trusted issuers; a token is routed to the issuer its `iss` names. */
  jwt: JwtIssuerOptions | JwtIssuerOptions[];
  /** Realm named in `WWW-Authenticate` challenges. Default is the first issuer's first audience. */
  realm?: string;
  /**
   * Further credential strategies, asked after JWT in this order. A lib that owns a kind of credential may
   * instead register its strategy itself with `CredentialStrategyRegistry.register`. Default is none.
   */
  strategies?: CredentialStrategy[];
  /**
   * Time of token checks (`exp`/`nbf`/`iat` on its epoch reading) and of the verified-token cache. Default is
   * `systemClock`; tests pass a `FakeClock`.
   */
  clock?: Clock;
}
