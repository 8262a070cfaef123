import { env, type Env, type EnvReader, readEnv } from '@bff/core';
import type { UpstreamOptions } from './downstream.options';
import { resilienceEnvSpec, resilienceFromEnv } from './resilience.env';
import { caBundleFile } from './tls/upstream-ca.env';

/** What the environment says about one upstream beyond its URL (only the variables that are set). */
export type UpstreamEnvSettings = Pick<
  UpstreamOptions,
  | 'instances'
  | 'ca'
  | 'coalesce'
  | 'cache'
  | 'hedge'
  | 'outlierEjection'
  | 'breaker'
  | 'bulkhead'
  | 'retry'
  | 'dns'
>;

/** Downstream's slice of a BFF's environment: each upstream's base URL(s) and resilience settings. */
export interface DownstreamEnvConfig<U extends string = string> {
  /** The first URL of `UPSTREAM_<NAME>_URL` of each upstream, by name, without a trailing slash. */
  upstreams: Record<U, string>;
  /** Settings of each upstream read from its other variables (see the README's table); `{}` when none is set. */
  settings: Record<U, UpstreamEnvSettings>;
  /** `RESPONSE_CACHE_MAX_BYTES`: size bound (in bytes) of the in-memory response cache. Default is 16 MiB. */
  responseCacheMaxBytes: number;
}

/**
 * The variable holding an upstream's base URL: `users` → `UPSTREAM_USERS_URL`, `order-history` →
 * `UPSTREAM_ORDER_HISTORY_URL`.
 */
export function upstreamUrlVariable(upstream: string): string {
  return `${upstreamVariablePrefix(upstream)}_URL`;
}

/** `catalog` → `UPSTREAM_CATALOG`: the prefix of every variable of that upstream. */
function upstreamVariablePrefix(upstream: string): string {
  return `UPSTREAM_${upstream.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * A comma-separated list of absolute http(s) URLs, at least one (several = instances of one upstream); unset
 * means `fallback` (the policy file's URL), and is a problem without one.
 */
const urlList =
  (fallback: string | undefined): EnvReader<string[]> =>
  (name, raw, problems) => {
    if (raw === undefined) {
      if (fallback !== undefined) return [fallback];
      problems.push(`${name}: is required but not set`);
      return [];
    }
    const urls = raw.split(',').map((s) => s.trim());
    return urls.map((value, i) =>
      env.url()(urls.length > 1 ? `${name}[${i}]` : name, value || undefined, problems),
    );
  };

/** An integer of milliseconds, `p95`, or `off`; unset = undefined. */
const hedgeDelay: EnvReader<number | 'p95' | false | undefined> = (name, raw, problems) => {
  if (raw === undefined) return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'off') return false;
  if (value === 'p95') return 'p95';
  return env.int(undefined, { min: 0, max: 60_000 })(name, raw, problems);
};

/** A list of routes (`/products/*`), `*` for every route, or `off`; unset = undefined. */
const routeList: EnvReader<string[] | false | undefined> = (name, raw, problems) => {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value.toLowerCase() === 'off') return false;
  if (value === '*') return [];
  const routes = env.list()(name, raw, problems);
  if (!routes.every((r) => r.startsWith('/')))
    problems.push(`${name}: must be "off", "*" or comma-separated paths starting with "/", got "${raw}"`);
  return routes;
};

const optional =
  <T>(read: EnvReader<T>): EnvReader<T | undefined> =>
  (name, raw, problems) =>
    raw === undefined ? undefined : read(name, raw, problems);

/**
 * Reads and validates each named upstream's variables: `UPSTREAM_<NAME>_URL` (required; a comma-separated list
 * for several instances), and the optional `_COALESCE`, `_CACHE_ROUTES`, `_CACHE_SHARED`, `_HEDGE_DELAY_MS`,
 * `_HEDGE_ROUTES`, `_EJECT_CONSECUTIVE_FAILURES`, `_EJECT_BASE_MS`, `_CA_FILE`, `_DNS_TTL_MS`, `_BREAKER*`,
 * `_BULKHEAD*`, `_RETRY*`, plus `UPSTREAM_CA_FILE` (the CA bundle of every https upstream without its own
 * `_CA_FILE`) and `RESPONSE_CACHE_MAX_BYTES` (see the README's configuration table for units and defaults).
 * `defaultUrls` makes a URL variable optional (a policy file gave the upstream's URL; the variable still wins).
 * @example const { upstreams, settings } = readDownstreamEnv(process.env, ['users', 'orders']);
 * @throws ConfigError (BFF_ERR_CONFIG) naming each missing or malformed variable
 */
export function readDownstreamEnv<U extends string>(
  source: Env,
  upstreamNames: readonly U[],
  defaultUrls: Partial<Record<U, string>> = {},
): DownstreamEnvConfig<U> {
  const spec: Record<string, EnvReader<unknown>> = {
    RESPONSE_CACHE_MAX_BYTES: env.int(16 * 1024 * 1024, { min: 1024 }),
    UPSTREAM_CA_FILE: caBundleFile,
  };
  for (const name of upstreamNames) {
    const p = upstreamVariablePrefix(name);
    spec[`${p}_URL`] = urlList(defaultUrls[name]);
    spec[`${p}_COALESCE`] = optional(env.bool());
    spec[`${p}_CACHE_ROUTES`] = routeList;
    spec[`${p}_CACHE_SHARED`] = optional(env.bool());
    spec[`${p}_HEDGE_DELAY_MS`] = hedgeDelay;
    spec[`${p}_HEDGE_ROUTES`] = routeList;
    spec[`${p}_EJECT_CONSECUTIVE_FAILURES`] = optional(env.int(undefined, { min: 1, max: 1000 }));
    spec[`${p}_EJECT_BASE_MS`] = optional(env.int(undefined, { min: 1, max: 3_600_000 }));
    spec[`${p}_CA_FILE`] = caBundleFile;
    spec[`${p}_DNS_TTL_MS`] = optional(env.int(undefined, { min: 0, max: 86_400_000 }));
    Object.assign(spec, resilienceEnvSpec(`${p}_`));
  }
  const raw = readEnv(source, spec) as Record<string, unknown>;
  const upstreams = {} as Record<U, string>;
  const settings = {} as Record<U, UpstreamEnvSettings>;
  for (const name of upstreamNames) {
    const p = upstreamVariablePrefix(name);
    const get = <T>(suffix: string) => raw[`${p}_${suffix}`] as T | undefined;
    const urls = get<string[]>('URL')!;
    upstreams[name] = urls[0];
    settings[name] = { ...upstreamSettings(urls, get), ...resilienceFromEnv(raw, `${p}_`) };
    const ca = get<string>('CA_FILE') ?? (raw.UPSTREAM_CA_FILE as string | undefined);
    if (ca !== undefined) settings[name].ca = ca;
  }
  return { upstreams, settings, responseCacheMaxBytes: raw.RESPONSE_CACHE_MAX_BYTES as number };
}

function upstreamSettings(urls: string[], get: <T>(suffix: string) => T | undefined): UpstreamEnvSettings {
  const out: UpstreamEnvSettings = {};
  if (urls.length > 1) out.instances = urls;
  const coalesce = get<boolean>('COALESCE');
  if (coalesce !== undefined) out.coalesce = coalesce;
  const cacheRoutes = get<string[] | false>('CACHE_ROUTES');
  const cacheShared = get<boolean>('CACHE_SHARED');
  if (cacheRoutes === false) out.cache = false;
  else if (cacheRoutes !== undefined)
    out.cache = { ...(cacheRoutes.length ? { routes: cacheRoutes } : {}), shared: cacheShared === true };
  const delayMs = get<number | 'p95' | false>('HEDGE_DELAY_MS');
  const hedgeRoutes = get<string[] | false>('HEDGE_ROUTES');
  if (delayMs === false || hedgeRoutes === false) out.hedge = false;
  else if (delayMs !== undefined)
    out.hedge = { delayMs, ...(hedgeRoutes?.length ? { routes: hedgeRoutes } : {}) };
  const dnsTtlMs = get<number>('DNS_TTL_MS');
  if (dnsTtlMs !== undefined) out.dns = dnsTtlMs > 0 ? { ttlMs: dnsTtlMs } : false;
  const consecutiveFailures = get<number>('EJECT_CONSECUTIVE_FAILURES');
  const baseEjectionMs = get<number>('EJECT_BASE_MS');
  if (consecutiveFailures !== undefined || baseEjectionMs !== undefined)
    out.outlierEjection = {
      ...(consecutiveFailures !== undefined ? { consecutiveFailures } : {}),
      ...(baseEjectionMs !== undefined ? { baseEjectionMs } : {}),
    };
  return out;
}
