import { env, type Env, readEnv } from '@bff/core';

/** Auth's slice of a BFF's environment (see CONTRACT.md, "Configuration of every BFF"). */
export interface AuthEnvConfig {
  /** `AUTH_ISSUER`: expected `iss`; its discovery document gives the JWKS unless `jwksUrl` is set. Required. */
  issuer: string;
  /** `AUTH_JWKS_URL`: JWKS location. Optional. */
  jwksUrl?: string;
  /** `AUTH_AUDIENCE`: expected `aud`. Default is the app's name. */
  audience: string;
  /**
   * `AUTH_TOKEN_CACHE_MAX_AGE_MS`: how long (in milliseconds) a verified token is answered from the cache;
   * 0 verifies every request. Default is 60000 (1 minute), at most 3600000.
   */
  tokenCacheMaxAgeMs: number;
  /** `AUTH_TIER_CLAIM`: claim read into `Principal.tier` (rate-limit tiers). Default is `tier`. */
  tierClaim: string;
}

/** What differs between BFFs when reading {@link AuthEnvConfig}. */
export interface AuthEnvSpec {
  /** `AUTH_AUDIENCE` when unset; BFFs pass their app name. */
  defaultAudience: string;
}

/**
 * Reads and validates `AUTH_ISSUER`, `AUTH_JWKS_URL`, `AUTH_AUDIENCE`, `AUTH_TOKEN_CACHE_MAX_AGE_MS` and
 * `AUTH_TIER_CLAIM`.
 * @example const auth = readAuthEnv(process.env, { defaultAudience: 'mobile-bff' });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readAuthEnv(source: Env, spec: AuthEnvSpec): AuthEnvConfig {
  const raw = readEnv(source, {
    AUTH_ISSUER: env.url(),
    AUTH_JWKS_URL: env.optionalUrl(),
    AUTH_AUDIENCE: env.string(spec.defaultAudience),
    AUTH_TOKEN_CACHE_MAX_AGE_MS: env.int(60_000, { min: 0, max: 3_600_000 }),
    AUTH_TIER_CLAIM: env.string('tier'),
  });
  return {
    issuer: raw.AUTH_ISSUER,
    jwksUrl: raw.AUTH_JWKS_URL,
    audience: raw.AUTH_AUDIENCE,
    tokenCacheMaxAgeMs: raw.AUTH_TOKEN_CACHE_MAX_AGE_MS,
    tierClaim: raw.AUTH_TIER_CLAIM,
  };
}
