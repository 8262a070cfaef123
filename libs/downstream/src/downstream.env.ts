import { ConfigError, env, type Env, readEnv } from '@bff/core';
import { readResilienceEnv, type UpstreamResilienceEnv } from './resilience.env';

/** Downstream's slice of a BFF's environment: the base URL of each upstream it calls. */
export interface DownstreamEnvConfig<U extends string = string> {
  /** `UPSTREAM_<NAME>_URL` of each upstream, by name, without a trailing slash. */
  upstreams: Record<U, string>;
  /**
   * `UPSTREAM_<NAME>_BREAKER*`, `_BULKHEAD*`, `_RETRY*` of each upstream, by name: the options that were set (see
   * the README, "Resilience"); a policy switched `off` is `false`.
   */
  resilience: Record<U, UpstreamResilienceEnv>;
}

/**
 * The variable holding an upstream's base URL: `users` → `UPSTREAM_USERS_URL`, `order-history` →
 * `UPSTREAM_ORDER_HISTORY_URL`.
 */
export function upstreamUrlVariable(upstream: string): string {
  return `${upstreamVariablePrefix(upstream)}URL`;
}

/** The prefix of an upstream's variables: `order-history` → `UPSTREAM_ORDER_HISTORY_`. */
export function upstreamVariablePrefix(upstream: string): string {
  return `UPSTREAM_${upstream.toUpperCase().replace(/-/g, '_')}_`;
}

/**
 * Reads and validates `UPSTREAM_<NAME>_URL` (required, absolute http(s)) for each upstream named, and its
 * resilience variables (`UPSTREAM_<NAME>_BREAKER_OPEN_MS`, ...; all optional).
 * @example const { upstreams } = readDownstreamEnv(process.env, ['users', 'orders']);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each missing or malformed variable
 */
export function readDownstreamEnv<U extends string>(
  source: Env,
  upstreamNames: readonly U[],
): DownstreamEnvConfig<U> {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const raw = attempt(
    () =>
      readEnv(
        source,
        Object.fromEntries(upstreamNames.map((name) => [upstreamUrlVariable(name), env.url()])),
      ) as Record<string, string>,
  );
  const resilience = upstreamNames.map((name) =>
    attempt(() => readResilienceEnv(source, upstreamVariablePrefix(name))),
  );
  if (problems.length > 0) throw new ConfigError(problems);
  const upstreams = Object.fromEntries(upstreamNames.map((name) => [name, raw![upstreamUrlVariable(name)]]));
  return {
    upstreams: upstreams as Record<U, string>,
    resilience: Object.fromEntries(upstreamNames.map((name, i) => [name, resilience[i]!])) as Record<
      U,
      UpstreamResilienceEnv
    >,
  };
}
