import type { Clock, Principal, RouteMetadataOverrides } from '@bff/core';
import type { JWTPayload } from 'jose';
import type { JwtClaimMapping } from './jwt.principal';
import type { PrincipalKind } from './principal-kinds.decorator';
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
  /**
   * Duration (in milliseconds) with no JWKS refetch after a fetch: an unknown `kid` (a forged one, or a key the
   * issuer just rotated in) refetches at most once per cooldown. Default is 5000 (5 seconds).
   */
  jwksCooldownMs?: number;
  /** Timeout (in milliseconds) for the discovery and JWKS requests. Default is 2000 (2 seconds). */
  jwksTimeoutMs?: number;
  /** Duration (in milliseconds) a fetched JWKS stays fresh. Default is 600000 (10 minutes). */
  jwksCacheMaxAgeMs?: number;
  /**
   * How long (in milliseconds after its fetch) the last good key set keeps verifying tokens while the JWKS
   * endpoint fails (stale-if-error); at least `jwksCacheMaxAgeMs`. Default is 21600000 (6 hours); 0 turns
   * stale serving off.
   */
  jwksStaleMaxAgeMs?: number;
  /**
   * Keeps the principals of verified tokens so the same token sent again skips the signature check (the
   * largest CPU cost of a request). An entry answers until the token expires or `maxAgeMs` passes, whichever
   * is first; `false` verifies every request. Default is
   * `{ maxEntries: 10000, maxBytes: 33554432, maxAgeMs: 60000 }`.
   */
  verifiedTokenCache?: VerifiedTokenCacheOptions | false;
  /**
   * Required `typ` header, e.g. `at+jwt` for RFC 9068 access tokens (`application/at+jwt` is the same value).
   * Default is none: any `typ` (or none) is accepted.
   */
  typ?: string;
  /**
   * Which claims hold the scopes, tenant and tier, and which rules make a token a client's (see
   * {@link ClientTokenRule}: `client_id=sub`, `cid=sub` for Okta, `sub@clients` for Auth0...). Default is
   * `{ clientRules: ['client_id=sub'] }` with scopes from `scope`/`scp`, `tenant` and `tier`. Ignored when
   * `toPrincipal` is given.
   */
  claims?: JwtClaimMapping;
  /**
   * Maps verified claims to a {@link Principal}. Default is {@link defaultJwtPrincipal}: `sub` → subject,
   * kind `client` when `client_id === sub` (client-credentials grant) else `user`, scopes from `scope`
   * (space separated) or `scp`, tenant from `tenant`, clientId from `client_id` or `azp`.
   */
  toPrincipal?: (claims: JWTPayload) => Principal;
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
   * The kinds of principal this app serves at all, checked right after authentication and before any route
   * (e.g. `['user']` for a user-facing BFF, so a partner's client token is a 403 `BFF_ERR_FORBIDDEN` instead
   * of being looked up as a user). Routes narrow further with `@PrincipalKinds`. Default is any kind.
   */
  principalKinds?: readonly PrincipalKind[];
  /**
   * What the start-up route table (`RouteAudit`) shows beside each route's auth decision: a label per metadata
   * key, e.g. `{ rateLimit: RATE_LIMIT_KEY }`. Default is none.
   */
  routeAudit?: { metadata?: Readonly<Record<string, string>> };
  /**
   * Route metadata set by configuration (a policy file's routes), read by admission, field authorization and
   * the route audit on top of the decorators. Default is none.
   */
  routeOverrides?: RouteMetadataOverrides;
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
