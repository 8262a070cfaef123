import type { CompressionOptions, CorsOptions } from '../bootstrap/edge.options';
import { ConfigError } from '../errors';
import { env, type Env, readEnv } from './env';

/**
 * The HTTP edge of one BFF, read from its environment: slow-client timeouts, CORS, compression. Its fields
 * are {@link CoreOptions} fields, so `createApp(module, { ...config.http })` applies them.
 */
export interface HttpEdgeConfig {
  /** Time a client has to send its request line and headers, in milliseconds. */
  headersTimeoutMs: number;
  /** Time a client has to send its whole request (headers and body), from its first byte, in milliseconds. */
  bodyTimeoutMs: number;
  /** CORS allow-list; false when `CORS_ORIGINS` is empty. */
  cors: CorsOptions | false;
  /** Response compression; false when `COMPRESSION` is off. */
  compression: CompressionOptions | false;
}

/** Defaults an app may set for {@link readHttpEnv}, for variables left unset. */
export interface HttpEnvDefaults {
  /** Default `CLIENT_HEADERS_TIMEOUT_MS`. Default is 10000. */
  headersTimeoutMs?: number;
  /** Default `CLIENT_BODY_TIMEOUT_MS`. Default is 30000. */
  bodyTimeoutMs?: number;
  /** Default `CORS_ORIGINS`. Default is none (CORS off). */
  corsOrigins?: readonly string[];
  /** Default `COMPRESSION`. Default is true. */
  compression?: boolean;
}

/**
 * Reads the HTTP edge variables: `CLIENT_HEADERS_TIMEOUT_MS` (default 10000), `CLIENT_BODY_TIMEOUT_MS`
 * (default 30000, at least the headers timeout), `CORS_ORIGINS` (comma-separated origins such as
 * `https://app.example.com`; empty = CORS off), `CORS_MAX_AGE_SECONDS` (default 600), `COMPRESSION`
 * (default true) and `COMPRESSION_THRESHOLD_BYTES` (default 1024).
 *
 * @example const http = readHttpEnv(process.env); // { headersTimeoutMs: 10000, bodyTimeoutMs: 30000, cors: false, ... }
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readHttpEnv(source: Env, defaults: HttpEnvDefaults = {}): HttpEdgeConfig {
  const raw = readEnv(source, {
    CLIENT_HEADERS_TIMEOUT_MS: env.int(defaults.headersTimeoutMs ?? 10_000, { min: 1, max: 600_000 }),
    CLIENT_BODY_TIMEOUT_MS: env.int(defaults.bodyTimeoutMs ?? 30_000, { min: 1, max: 3_600_000 }),
    CORS_ORIGINS: env.list([...(defaults.corsOrigins ?? [])]),
    CORS_MAX_AGE_SECONDS: env.int(600, { min: 0, max: 86_400 }),
    COMPRESSION: env.bool(defaults.compression ?? true),
    COMPRESSION_THRESHOLD_BYTES: env.int(1024, { min: 0, max: 100 * 1024 * 1024 }),
  });
  const problems: string[] = [];
  if (raw.CLIENT_HEADERS_TIMEOUT_MS > raw.CLIENT_BODY_TIMEOUT_MS) {
    problems.push(
      `CLIENT_HEADERS_TIMEOUT_MS: must not exceed CLIENT_BODY_TIMEOUT_MS (${raw.CLIENT_BODY_TIMEOUT_MS}), got ${raw.CLIENT_HEADERS_TIMEOUT_MS}`,
    );
  }
  for (const origin of raw.CORS_ORIGINS) {
    const problem = originProblem(origin);
    if (problem) problems.push(`CORS_ORIGINS: ${problem}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    headersTimeoutMs: raw.CLIENT_HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: raw.CLIENT_BODY_TIMEOUT_MS,
    cors:
      raw.CORS_ORIGINS.length > 0
        ? { origins: raw.CORS_ORIGINS, maxAgeSeconds: raw.CORS_MAX_AGE_SECONDS }
        : false,
    compression: raw.COMPRESSION ? { thresholdBytes: raw.COMPRESSION_THRESHOLD_BYTES } : false,
  };
}

/**
 * Why `origin` is not a serialized origin (`scheme://host[:port]`, as browsers send in `Origin`), or undefined.
 * `*` is refused: the allow-list answers with credentials, which a wildcard cannot.
 */
export function originProblem(origin: string): string | undefined {
  if (origin === '*') return 'a wildcard cannot be combined with credentials; list each origin';
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return `must use http: or https:, got "${origin}"`;
    if (url.origin !== origin)
      return `must be an origin like ${url.origin} (no path, no trailing slash), got "${origin}"`;
    return undefined;
  } catch {
    return `must be an origin like https://app.example.com, got "${origin}"`;
  }
}
