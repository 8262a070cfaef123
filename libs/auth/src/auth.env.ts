import { env, readEnv, readSlices, type Env } from '@bff/core';

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
  /** Partner API keys, when the BFF accepts them (see {@link AuthEnvSpec.apiKeys}). */
  apiKeys?: ApiKeysEnvConfig;
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
}

/** What differs between BFFs when reading {@link AuthEnvConfig}. */
export interface AuthEnvSpec {
  /** `AUTH_AUDIENCE` when unset; BFFs pass their app name. */
  defaultAudience: string;
  /** Whether this BFF accepts partner API keys (`X-API-Key`); reads `AUTH_API_KEY_*` when true. Default false. */
  apiKeys?: boolean;
}

/**
 * Reads and validates `AUTH_ISSUER`, `AUTH_JWKS_URL`, `AUTH_AUDIENCE`, `AUTH_TOKEN_CACHE_MAX_AGE_MS` and, for a
 * BFF that accepts API keys, `AUTH_API_KEY_STORE`, `AUTH_API_KEYS_FILE` and `AUTH_API_KEY_CACHE_MS`.
 * @example const auth = readAuthEnv(process.env, { defaultAudience: 'mobile-bff' });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readAuthEnv(source: Env, spec: AuthEnvSpec): AuthEnvConfig {
  const { raw, apiKeys } = readSlices({
    raw: () =>
      readEnv(source, {
        AUTH_ISSUER: env.url(),
        AUTH_JWKS_URL: env.optionalUrl(),
        AUTH_AUDIENCE: env.string(spec.defaultAudience),
        AUTH_TOKEN_CACHE_MAX_AGE_MS: env.int(60_000, { min: 0, max: 3_600_000 }),
      }),
    apiKeys: () => (spec.apiKeys ? readApiKeysEnv(source) : undefined),
  });
  return {
    issuer: raw.AUTH_ISSUER,
    jwksUrl: raw.AUTH_JWKS_URL,
    audience: raw.AUTH_AUDIENCE,
    tokenCacheMaxAgeMs: raw.AUTH_TOKEN_CACHE_MAX_AGE_MS,
    ...(apiKeys ? { apiKeys } : {}),
  };
}

/**
 * Reads `AUTH_API_KEY_STORE`, `AUTH_API_KEYS_FILE` and `AUTH_API_KEY_CACHE_MS` alone (the keys CLI uses it).
 * @example const { store, file } = readApiKeysEnv(process.env);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readApiKeysEnv(source: Env): ApiKeysEnvConfig {
  const raw = readEnv(source, {
    AUTH_API_KEY_STORE: env.oneOf(['file', 'redis'] as const, 'file'),
    AUTH_API_KEYS_FILE: env.string('api-keys.json'),
    AUTH_API_KEY_CACHE_MS: env.int(1000, { min: 0, max: 1000 }),
  });
  return {
    store: raw.AUTH_API_KEY_STORE,
    file: raw.AUTH_API_KEYS_FILE,
    cacheMaxAgeMs: raw.AUTH_API_KEY_CACHE_MS,
  };
}
