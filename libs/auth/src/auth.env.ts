import { ConfigError, env, readEnv, readSlices, type Env, type EnvReader } from '@bff/core';
import { readIssuersEnv, type AuthIssuerConfig } from './auth-issuers.env';
import type { PrincipalKind } from './principal-kinds.decorator';

/** Auth's slice of a BFF's environment (see CONTRACT.md, "Configuration of every BFF"). */
export interface AuthEnvConfig {
  /**
   * Every trusted issuer: `AUTH_ISSUERS` (JSON array) or `AUTH_ISSUERS_FILE`, else the one of `AUTH_ISSUER`,
   * `AUTH_JWKS_URL` and `AUTH_AUDIENCE`. A token is routed to the issuer its `iss` names, compared exactly.
   */
  issuers: AuthIssuerConfig[];
  /** The first issuer's identifier, exactly as configured (a trailing `/` is kept). */
  issuer: string;
  /** The first issuer's JWKS location, when configured. */
  jwksUrl?: string;
  /** `AUTH_AUDIENCE`: expected `aud` (of issuers that name none). Default is the app's name. */
  audience: string;
  /**
   * `AUTH_TOKEN_CACHE_MAX_AGE_MS`: how long (in milliseconds) a verified token is answered from the cache;
   * 0 verifies every request. Default is 60000 (1 minute), at most 3600000.
   */
  tokenCacheMaxAgeMs: number;
  /**
   * `AUTH_TIER_CLAIM`: the claim read into `Principal.tier` (rate-limit tiers) for the issuer of `AUTH_ISSUER`;
   * an `AUTH_ISSUERS` entry names its own in `claims.tier`. Default is `tier`.
   */
  tierClaim: string;
  /** Partner API keys, when the BFF accepts them (see {@link AuthEnvSpec.apiKeys}). */
  apiKeys?: ApiKeysEnvConfig;
  /** The kinds of principal this BFF serves at all (see {@link AuthEnvSpec.principalKinds}); empty = any. */
  principalKinds: readonly PrincipalKind[];
  /** Opaque tokens checked by introspection at the first issuer, when `AUTH_INTROSPECTION_URL` is set. */
  introspection?: IntrospectionEnvConfig;
}

/** Token introspection (RFC 7662) of opaque access tokens at the first trusted issuer. */
export interface IntrospectionEnvConfig {
  /** `AUTH_INTROSPECTION_URL`: the issuer's introspection endpoint. */
  url: string;
  /** `AUTH_INTROSPECTION_CLIENT_ID`: the BFF's client id at the issuer. Default is the audience. */
  clientId: string;
  /** `AUTH_INTROSPECTION_CLIENT_SECRET`: its secret (required with the URL). Never logged. */
  clientSecret: string;
  /** `AUTH_INTROSPECTION_CACHE_MS`: how long an active answer is reused, 0 to 300000. Default is 30000. */
  cacheMaxAgeMs: number;
}

/** Where a BFF that accepts partner API keys finds them. */
export interface ApiKeysEnvConfig {
  /**
   * `AUTH_API_KEY_STORE`: `file` (a JSON file of hashes an operator can review; the default) or `redis`
   * (shared by replicas; needs `REDIS_URL`).
   */
  store: 'file' | 'redis';
  /** `AUTH_API_KEYS_FILE`: the file of the `file` store. Default is `api-keys.json` (working directory). */
  file: string;
  /** `AUTH_API_KEY_CACHE_MS`: how long a looked-up key answers from memory, 0 to 1000. Default is 1000. */
  cacheMaxAgeMs: number;
  /**
   * `AUTH_API_KEY_STALE_MAX_AGE_MS`: while the store cannot answer, a key read this recently keeps working
   * (stale-if-error), 0 (off) to 3600000. Default is 60000.
   */
  staleMaxAgeMs: number;
}

/** What differs between BFFs when reading {@link AuthEnvConfig}. */
export interface AuthEnvSpec {
  /** `AUTH_AUDIENCE` when unset; BFFs pass their app name. */
  defaultAudience: string;
  /** Whether this BFF accepts partner API keys (`X-API-Key`); reads `AUTH_API_KEY_*` when true. Default false. */
  apiKeys?: boolean;
  /**
   * The kinds of principal this BFF serves (`['user']` for a user BFF: a client token is a 403 before any
   * route runs). Default is any kind.
   */
  principalKinds?: readonly PrincipalKind[];
}

/**
 * Reads and validates `AUTH_ISSUER`, `AUTH_JWKS_URL`, `AUTH_AUDIENCE`, `AUTH_TOKEN_CACHE_MAX_AGE_MS`, `AUTH_TIER_CLAIM` and, for a
 * BFF that accepts API keys, `AUTH_API_KEY_STORE`, `AUTH_API_KEYS_FILE`, `AUTH_API_KEY_CACHE_MS` and
 * `AUTH_API_KEY_STALE_MAX_AGE_MS`.
 * @example const auth = readAuthEnv(process.env, { defaultAudience: 'mobile-bff' });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readAuthEnv(source: Env, spec: AuthEnvSpec): AuthEnvConfig {
  const several = source.AUTH_ISSUERS !== undefined || source.AUTH_ISSUERS_FILE !== undefined;
  const { raw, listed, apiKeys, introspection } = readSlices({
    raw: () =>
      readEnv(source, {
        AUTH_ISSUER: several ? absent('AUTH_ISSUERS') : issuerUrl(),
        AUTH_JWKS_URL: several ? absent('AUTH_ISSUERS') : env.optionalUrl(),
        AUTH_AUDIENCE: env.string(spec.defaultAudience),
        AUTH_TOKEN_CACHE_MAX_AGE_MS: env.int(60_000, { min: 0, max: 3_600_000 }),
        AUTH_TIER_CLAIM: env.string('tier'),
      }),
    listed: () =>
      readIssuersEnv(
        source.AUTH_ISSUERS,
        source.AUTH_ISSUERS_FILE,
        source.AUTH_AUDIENCE ?? spec.defaultAudience,
      ),
    apiKeys: () => (spec.apiKeys ? readApiKeysEnv(source) : undefined),
    introspection: () => readIntrospectionEnv(source, source.AUTH_AUDIENCE ?? spec.defaultAudience),
  });
  const issuers = listed ?? [
    {
      issuer: raw.AUTH_ISSUER as string,
      ...(raw.AUTH_JWKS_URL !== undefined ? { jwksUrl: raw.AUTH_JWKS_URL } : {}),
      audience: raw.AUTH_AUDIENCE,
      ...(raw.AUTH_TIER_CLAIM !== 'tier' ? { claims: { tier: raw.AUTH_TIER_CLAIM } } : {}),
    },
  ];
  return {
    issuers,
    issuer: issuers[0].issuer,
    ...(issuers[0].jwksUrl !== undefined ? { jwksUrl: issuers[0].jwksUrl } : {}),
    audience: raw.AUTH_AUDIENCE,
    tokenCacheMaxAgeMs: raw.AUTH_TOKEN_CACHE_MAX_AGE_MS,
    tierClaim: raw.AUTH_TIER_CLAIM,
    ...(apiKeys ? { apiKeys } : {}),
    ...(introspection ? { introspection } : {}),
    principalKinds: Object.freeze([...(spec.principalKinds ?? [])]),
  };
}

/**
 * Reads `AUTH_API_KEY_STORE`, `AUTH_API_KEYS_FILE`, `AUTH_API_KEY_CACHE_MS` and `AUTH_API_KEY_STALE_MAX_AGE_MS`
 * alone (the keys CLI uses it).
 * @example const { store, file } = readApiKeysEnv(process.env);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readApiKeysEnv(source: Env): ApiKeysEnvConfig {
  const raw = readEnv(source, {
    AUTH_API_KEY_STORE: env.oneOf(['file', 'redis'] as const, 'file'),
    AUTH_API_KEYS_FILE: env.string('api-keys.json'),
    AUTH_API_KEY_CACHE_MS: env.int(1000, { min: 0, max: 1000 }),
    AUTH_API_KEY_STALE_MAX_AGE_MS: env.int(60_000, { min: 0, max: 3_600_000 }),
  });
  return {
    store: raw.AUTH_API_KEY_STORE,
    file: raw.AUTH_API_KEYS_FILE,
    cacheMaxAgeMs: raw.AUTH_API_KEY_CACHE_MS,
    staleMaxAgeMs: raw.AUTH_API_KEY_STALE_MAX_AGE_MS,
  };
}

/**
 * Reads `AUTH_INTROSPECTION_URL`, `AUTH_INTROSPECTION_CLIENT_ID`, `AUTH_INTROSPECTION_CLIENT_SECRET` and
 * `AUTH_INTROSPECTION_CACHE_MS`; undefined when no URL is set.
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readIntrospectionEnv(
  source: Env,
  defaultClientId: string,
): IntrospectionEnvConfig | undefined {
  const raw = readEnv(source, {
    AUTH_INTROSPECTION_URL: env.optionalUrl(),
    AUTH_INTROSPECTION_CLIENT_ID: env.string(defaultClientId),
    AUTH_INTROSPECTION_CLIENT_SECRET: env.optionalString(),
    AUTH_INTROSPECTION_CACHE_MS: env.int(30_000, { min: 0, max: 300_000 }),
  });
  if (raw.AUTH_INTROSPECTION_URL === undefined) return undefined;
  if (!raw.AUTH_INTROSPECTION_CLIENT_SECRET) {
    throw new ConfigError(['AUTH_INTROSPECTION_CLIENT_SECRET: required with AUTH_INTROSPECTION_URL']);
  }
  return {
    url: raw.AUTH_INTROSPECTION_URL,
    clientId: raw.AUTH_INTROSPECTION_CLIENT_ID,
    clientSecret: raw.AUTH_INTROSPECTION_CLIENT_SECRET,
    cacheMaxAgeMs: raw.AUTH_INTROSPECTION_CACHE_MS,
  };
}

/** An issuer URL kept exactly as written: an identifier ending in `/` (Auth0's do) must match `iss` exactly. */
function issuerUrl(): EnvReader<string> {
  const check = env.url();
  return (name, raw, problems) => {
    check(name, raw, problems);
    return raw as string;
  };
}

/** A variable that must not be set together with `other`. */
function absent(other: string): EnvReader<undefined> {
  return (name, raw, problems) => {
    if (raw !== undefined) problems.push(`${name}: set ${name} or ${other}, not both`);
    return undefined;
  };
}
