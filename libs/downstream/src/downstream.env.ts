import { env, type Env, readEnv } from '@bff/core';

/** Downstream's slice of a BFF's environment: the base URL of each upstream it calls. */
export interface DownstreamEnvConfig<U extends string = string> {
  /** `UPSTREAM_<NAME>_URL` of each upstream, by name, without a trailing slash. */
  upstreams: Record<U, string>;
}

/**
 * The variable holding an upstream's base URL: `users` → `UPSTREAM_USERS_URL`, `order-history` →
 * `UPSTREAM_ORDER_HISTORY_URL`.
 */
export function upstreamUrlVariable(upstream: string): string {
  return `UPSTREAM_${upstream.toUpperCase().replace(/-/g, '_')}_URL`;
}

/**
 * Reads and validates `UPSTREAM_<NAME>_URL` (required, absolute http(s)) for each upstream named.
 * @example const { upstreams } = readDownstreamEnv(process.env, ['users', 'orders']);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each missing or malformed variable
 */
export function readDownstreamEnv<U extends string>(
  source: Env,
  upstreamNames: readonly U[],
): DownstreamEnvConfig<U> {
  const raw = readEnv(
    source,
    Object.fromEntries(upstreamNames.map((name) => [upstreamUrlVariable(name), env.url()])),
  ) as Record<string, string>;
  const upstreams = Object.fromEntries(upstreamNames.map((name) => [name, raw[upstreamUrlVariable(name)]]));
  return { upstreams: upstreams as Record<U, string> };
}
