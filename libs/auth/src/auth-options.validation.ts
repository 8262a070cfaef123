import { ConfigError, type Principal } from '@bff/core';
import type { JWTPayload } from 'jose';
import type { AuthModuleOptions, JwtIssuerOptions } from './auth-options.interface';
import { isClientTokenRule, jwtPrincipalMapper } from './jwt.principal';
import { DEFAULT_VERIFIED_TOKEN_CACHE, type VerifiedTokenCacheOptions } from './verified-token-cache';

/** Algorithms accepted when an issuer names none. */
export const DEFAULT_JWT_ALGORITHMS: readonly string[] = Object.freeze(['RS256', 'PS256', 'ES256', 'EdDSA']);

/** Asymmetric JWS algorithms a JWKS can vouch for. `none` and `HS*` are deliberately absent. */
const ASYMMETRIC_ALGORITHMS = new Set([
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);

/** An issuer's options with every default applied; produced only by {@link resolveJwtIssuerOptions}. */
export interface ResolvedJwtIssuerOptions {
  readonly issuer: string;
  readonly jwksUrl?: URL;
  readonly discoveryUrl: URL;
  readonly audience: readonly string[];
  readonly algorithms: readonly string[];
  readonly clockToleranceSec: number;
  readonly jwksCooldownMs: number;
  readonly jwksTimeoutMs: number;
  readonly jwksCacheMaxAgeMs: number;
  /** Age of the last good key set past which it no longer answers while the JWKS endpoint fails. */
  readonly jwksStaleMaxAgeMs: number;
  /** Verified-token cache settings, or false when every request is verified in full. */
  readonly verifiedTokenCache: Required<VerifiedTokenCacheOptions> | false;
  /** Required `typ` header, if any. */
  readonly typ?: string;
  /** The claims → principal mapping: `toPrincipal`, else one built from `claims`. */
  readonly toPrincipal: (claims: JWTPayload) => Principal;
}

/**
 * Checks one issuer's options and fills in defaults.
 * @example resolveJwtIssuerOptions({ issuer: 'https://id.example.com', audience: 'web-bff' })
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad field, e.g. `auth.jwt.audience: must not be empty`.
 */
export function resolveJwtIssuerOptions(
  options: JwtIssuerOptions,
  path = 'auth.jwt',
): ResolvedJwtIssuerOptions {
  const problems: string[] = [];
  const bad = (field: string, message: string): void => void problems.push(`${path}.${field}: ${message}`);

  const issuerUrl = parseHttpUrl(options?.issuer);
  if (!issuerUrl) bad('issuer', 'must be an absolute http(s) URL');
  const jwksUrl = options?.jwksUrl === undefined ? undefined : parseHttpUrl(options.jwksUrl);
  if (options?.jwksUrl !== undefined && !jwksUrl) bad('jwksUrl', 'must be an absolute http(s) URL');

  const audience = typeof options?.audience === 'string' ? [options.audience] : options?.audience;
  if (!Array.isArray(audience) || audience.length === 0 || !audience.every(isNonEmptyString)) {
    bad('audience', 'must be a non-empty string or a non-empty array of non-empty strings');
  }

  const algorithms = options?.algorithms ?? DEFAULT_JWT_ALGORITHMS;
  if (!Array.isArray(algorithms) || algorithms.length === 0) {
    bad('algorithms', 'must be a non-empty array');
  } else {
    for (const alg of algorithms) {
      if (!ASYMMETRIC_ALGORITHMS.has(alg)) {
        bad(
          'algorithms',
          `"${String(alg)}" is not accepted (only asymmetric JWS algorithms; never none or HS*)`,
        );
      }
    }
  }

  const clockToleranceSec = options?.clockToleranceSec ?? 5;
  if (!isNonNegativeFinite(clockToleranceSec))
    bad('clockToleranceSec', 'must be a non-negative number of seconds');
  const jwksCooldownMs = options?.jwksCooldownMs ?? 5_000;
  if (!isNonNegativeFinite(jwksCooldownMs))
    bad('jwksCooldownMs', 'must be a non-negative number of milliseconds');
  const jwksTimeoutMs = options?.jwksTimeoutMs ?? 2_000;
  if (!Number.isInteger(jwksTimeoutMs) || jwksTimeoutMs < 1)
    bad('jwksTimeoutMs', 'must be a positive integer');
  const jwksCacheMaxAgeMs = options?.jwksCacheMaxAgeMs ?? 600_000;
  if (!(jwksCacheMaxAgeMs === Infinity || isNonNegativeFinite(jwksCacheMaxAgeMs))) {
    bad('jwksCacheMaxAgeMs', 'must be a non-negative number of milliseconds');
  }
  const jwksStaleMaxAgeMs =
    options?.jwksStaleMaxAgeMs ??
    (jwksCacheMaxAgeMs === Infinity ? 0 : Math.max(21_600_000, jwksCacheMaxAgeMs));
  if (!isNonNegativeFinite(jwksStaleMaxAgeMs)) {
    bad('jwksStaleMaxAgeMs', 'must be a non-negative number of milliseconds');
  } else if (jwksStaleMaxAgeMs !== 0 && jwksStaleMaxAgeMs < jwksCacheMaxAgeMs) {
    bad('jwksStaleMaxAgeMs', 'must be 0 or at least jwksCacheMaxAgeMs');
  }
  const verifiedTokenCache = resolveTokenCache(options?.verifiedTokenCache, bad);
  if (options?.toPrincipal !== undefined && typeof options.toPrincipal !== 'function') {
    bad('toPrincipal', 'must be a function');
  }
  if (
    options?.typ !== undefined &&
    !(typeof options.typ === 'string' && /^[\x21-\x7E]{1,100}$/.test(options.typ))
  )
    bad('typ', 'must be a media type such as at+jwt');
  checkClaimMapping(options?.claims, bad);

  if (problems.length > 0 || !issuerUrl) throw new ConfigError(problems);
  const base = issuerUrl.href.endsWith('/') ? issuerUrl.href : `${issuerUrl.href}/`;
  return {
    issuer: options.issuer,
    jwksUrl,
    discoveryUrl: new URL('.well-known/openid-configuration', base),
    audience: Object.freeze([...(audience as string[])]),
    algorithms: Object.freeze([...algorithms]),
    clockToleranceSec,
    jwksCooldownMs,
    jwksTimeoutMs,
    jwksCacheMaxAgeMs,
    jwksStaleMaxAgeMs,
    verifiedTokenCache,
    ...(options.typ !== undefined ? { typ: options.typ } : {}),
    toPrincipal: options.toPrincipal ?? jwtPrincipalMapper(options.claims),
  };
}

/** Module options with every issuer resolved and the realm decided. */
export interface ResolvedAuthOptions {
  readonly realm: string;
  readonly issuers: readonly ResolvedJwtIssuerOptions[];
}

/**
 * Checks {@link AuthModuleOptions} eagerly (at startup, not on the first request).
 * @example resolveAuthOptions({ jwt: [{ issuer, audience: 'a' }, { issuer: other, audience: 'a' }] })
 * @throws ConfigError (BFF_ERR_CONFIG) listing every problem, e.g. duplicate issuers or a bad realm.
 */
export function resolveAuthOptions(options: AuthModuleOptions): ResolvedAuthOptions {
  const list = Array.isArray(options?.jwt) ? options.jwt : options?.jwt ? [options.jwt] : [];
  if (list.length === 0) throw new ConfigError(['auth.jwt: at least one trusted issuer is required']);
  const problems: string[] = [];
  const issuers: ResolvedJwtIssuerOptions[] = [];
  list.forEach((item, i) => {
    try {
      issuers.push(resolveJwtIssuerOptions(item, list.length === 1 ? 'auth.jwt' : `auth.jwt[${i}]`));
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  });
  const seen = new Set<string>();
  for (const { issuer } of issuers) {
    if (seen.has(issuer)) problems.push(`auth.jwt: issuer "${issuer}" is listed twice`);
    seen.add(issuer);
  }
  const realm = options.realm ?? issuers[0]?.audience[0] ?? '';
  if (!/^[\x20\x21\x23-\x5B\x5D-\x7E]{1,200}$/.test(realm)) {
    problems.push('auth.realm: must be 1-200 printable characters without quotes or backslashes');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { realm, issuers };
}

function resolveTokenCache(
  value: VerifiedTokenCacheOptions | false | undefined,
  bad: (field: string, message: string) => void,
): Required<VerifiedTokenCacheOptions> | false {
  if (value === false) return false;
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    bad('verifiedTokenCache', 'must be false or an object');
    return false;
  }
  const maxEntries = value?.maxEntries ?? DEFAULT_VERIFIED_TOKEN_CACHE.maxEntries;
  if (!Number.isInteger(maxEntries) || maxEntries < 1)
    bad('verifiedTokenCache.maxEntries', 'must be a positive integer');
  const maxBytes = value?.maxBytes ?? DEFAULT_VERIFIED_TOKEN_CACHE.maxBytes;
  if (!Number.isInteger(maxBytes) || maxBytes < 1)
    bad('verifiedTokenCache.maxBytes', 'must be a positive integer of bytes');
  const maxAgeMs = value?.maxAgeMs ?? DEFAULT_VERIFIED_TOKEN_CACHE.maxAgeMs;
  if (!Number.isInteger(maxAgeMs) || maxAgeMs < 1)
    bad('verifiedTokenCache.maxAgeMs', 'must be a positive integer of milliseconds');
  return { maxEntries, maxBytes, maxAgeMs };
}

function checkClaimMapping(claims: unknown, bad: (field: string, message: string) => void): void {
  if (claims === undefined) return;
  if (typeof claims !== 'object' || claims === null) return bad('claims', 'must be an object');
  const c = claims as Record<string, unknown>;
  for (const field of ['scopes', 'tenant', 'tier']) {
    if (c[field] !== undefined && !(typeof c[field] === 'string' && /^[\w.:-]{1,100}$/.test(c[field])))
      bad(`claims.${field}`, 'must be a claim name');
  }
  const rules = c.clientRules;
  if (rules === undefined) return;
  if (!Array.isArray(rules)) return bad('claims.clientRules', 'must be an array');
  for (const rule of rules) {
    if (!isClientTokenRule(rule))
      bad(
        'claims.clientRules',
        `"${String(rule)}" is not a rule (<claim>=sub, sub@clients or <claim>:<value>)`,
      );
  }
}

function parseHttpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
