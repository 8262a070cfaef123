import { env, Env, readEnv } from './env';
import { type HttpEdgeConfig, type HttpEnvDefaults, readHttpEnv } from './http-env';

/** What every BFF reads from its environment (see CONTRACT.md, "Configuration of every BFF"). */
export interface BffConfig<U extends string = string> {
  name: string;
  port: number;
  host: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Whole-request budget in milliseconds. */
  requestTimeoutMs: number;
  /** Largest accepted request body in bytes. */
  bodyLimitBytes: number;
  trustProxy: boolean;
  /** Drain time on shutdown in milliseconds. */
  shutdownTimeoutMs: number;
  /** Shared store; undefined = in-memory stores (one process). */
  redisUrl?: string;
  auth: {
    issuer: string;
    jwksUrl?: string;
    audience: string;
    /** How long a verified token is answered from the cache, in milliseconds; 0 verifies every request. */
    tokenCacheMaxAgeMs: number;
  };
  upstreams: Record<U, string>;
  /** Slow-client timeouts, CORS and compression (see {@link readHttpEnv}). */
  http: HttpEdgeConfig;
}

/** What differs between BFFs when reading {@link BffConfig}. */
export interface BffEnvSpec<U extends string> {
  /** App name; also the default `AUTH_AUDIENCE`. */
  name: string;
  /** Default `PORT`. */
  port: number;
  /** Upstreams this BFF calls; each reads `UPSTREAM_<NAME>_URL`. */
  upstreams: readonly U[];
  /** Defaults of the HTTP edge variables for this app (e.g. its CORS origins). */
  http?: HttpEnvDefaults;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates a BFF's configuration once, from `process.env` in `main.ts` or a literal in tests.
 * @example const config = readBffEnv(process.env, { name: 'mobile-bff', port: 3002, upstreams: ['users', 'orders'] });
 * @throws ConfigError naming each bad variable
 */
export function readBffEnv<U extends string>(source: Env, spec: BffEnvSpec<U>): BffConfig<U> {
  const upstreamVar = (u: string): string => `UPSTREAM_${u.toUpperCase().replace(/-/g, '_')}_URL`;
  const raw = readEnv(source, {
    PORT: env.port(spec.port),
    HOST: env.string('127.0.0.1'),
    LOG_LEVEL: env.oneOf(LOG_LEVELS, 'info'),
    REQUEST_TIMEOUT_MS: env.int(10_000, { min: 1, max: 600_000 }),
    BODY_LIMIT_BYTES: env.int(1024 * 1024, { min: 1, max: 100 * 1024 * 1024 }),
    TRUST_PROXY: env.bool(false),
    SHUTDOWN_TIMEOUT_MS: env.int(10_000, { min: 1, max: 600_000 }),
    REDIS_URL: env.optionalUrl({ protocols: ['redis:', 'rediss:'] }),
    AUTH_ISSUER: env.url(),
    AUTH_JWKS_URL: env.optionalUrl(),
    AUTH_AUDIENCE: env.string(spec.name),
    AUTH_TOKEN_CACHE_MAX_AGE_MS: env.int(60_000, { min: 0, max: 3_600_000 }),
    ...Object.fromEntries(spec.upstreams.map((u) => [upstreamVar(u), env.url()])),
  });
  return {
    name: spec.name,
    port: raw.PORT,
    host: raw.HOST,
    logLevel: raw.LOG_LEVEL,
    requestTimeoutMs: raw.REQUEST_TIMEOUT_MS,
    bodyLimitBytes: raw.BODY_LIMIT_BYTES,
    trustProxy: raw.TRUST_PROXY,
    shutdownTimeoutMs: raw.SHUTDOWN_TIMEOUT_MS,
    redisUrl: raw.REDIS_URL,
    auth: {
      issuer: raw.AUTH_ISSUER,
      jwksUrl: raw.AUTH_JWKS_URL,
      audience: raw.AUTH_AUDIENCE,
      tokenCacheMaxAgeMs: raw.AUTH_TOKEN_CACHE_MAX_AGE_MS,
    },
    upstreams: Object.fromEntries(
      spec.upstreams.map((u) => [u, (raw as Record<string, unknown>)[upstreamVar(u)]]),
    ) as Record<U, string>,
    http: readHttpEnv(source, spec.http),
  };
}
