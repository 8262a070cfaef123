import { ConfigError, type Clock } from '@bff/core';
import type { AttemptTracer } from './attempt-tracer';
import type { Dispatcher, Pool } from 'undici';
import type { CallPolicy } from './call-policy';
import {
  resolveResilience,
  type BreakerPolicyOptions,
  type BulkheadOptions,
  type ResolvedResilience,
  type RetryOptions,
} from './resilience.options';
import type { ResponseCacheOptions } from './cache/response-cache.policy';
import type { ResponseCacheStore } from './cache/response-cache.store';
import type { HedgeOptions } from './hedging/hedge.policy';
import { validateOutlierEjection, type OutlierEjectionOptions } from './instances/outlier-ejection';
import { DNS_DEFAULTS, type DnsOptions } from './instances/resolving-pool';
import {
  resolveCanaryRule,
  resolveInstanceList,
  type CanaryRule,
  type ResolvedCanaryRule,
  type ResolvedInstance,
  type UpstreamInstance,
} from './instances/upstream-instance';

/**
 * How one upstream is reached. Every number is validated eagerly; a bad value stops the app at startup.
 * @example
 * const users: UpstreamOptions = { baseUrl: 'http://127.0.0.1:4001', headersTimeoutMs: 2000 };
 */
export interface UpstreamOptions {
  /** Absolute http(s) URL; a path prefix (`http://host/api`) is prepended to every call's path. */
  baseUrl: string;
  /** Maximum number of sockets (connections) to this upstream. Default is 64. */
  connections?: number;
  /** Time (in milliseconds) to establish a TCP connection. Default is 1000. */
  connectTimeoutMs?: number;
  /** Time (in milliseconds) to wait for the response headers once the request is sent. Default is 5000. */
  headersTimeoutMs?: number;
  /** Longest silence (in milliseconds) between two chunks of the response body. Default is 5000. */
  bodyTimeoutMs?: number;
  /** Time (in milliseconds) an idle socket is kept open for reuse. Default is 4000. */
  keepAliveTimeoutMs?: number;
  /** Largest accepted response body (in bytes); a bigger one fails the call with a bad gateway. Default is 1048576 (1 MiB). */
  maxResponseBytes?: number;
  /**
   * Seconds a client is told to wait (`Retry-After` of the 503) when this upstream cannot be reached.
   * Default is 1.
   */
  unavailableRetryAfterSec?: number;
  /**
   * Extra call policies of this upstream, run in order after the built-in deadline policy and after the
   * module's `policies` (see the README, "Policies"). Default is none.
   * @example policies: [retryIdempotent({ attempts: 2 })]
   */
  policies?: readonly CallPolicy[];
  /**
   * undici interceptors composed onto the upstream's dispatcher (`dispatcher.compose(...interceptors)`), in
   * order, e.g. `interceptors.dns()`. Default is none.
   */
  interceptors?: readonly Dispatcher.DispatcherComposeInterceptor[];
  /**
   * Builds the upstream's dispatcher from its origin and the pool options derived from this object, e.g.
   * `(origin, opts) => new BalancedPool([a, b], opts)`. It must answer through the dispatch handler protocol and
   * is closed on shutdown. Default is `new Pool(origin, opts)`.
   */
  dispatcher?: (origin: string, options: Pool.Options) => Dispatcher;
  /**
   * Certificate authorities (PEM text, one or several concatenated) trusted for an `https` upstream, in place of
   * Node's bundled roots: a private CA's bundle (`UPSTREAM_CA_FILE`). Default is Node's bundled roots.
   * @example ca: readFileSync('/etc/bff/upstream-ca.pem', 'utf8')
   */
  ca?: string;
  /**
   * The upstream's circuit breaker, run per attempt after the retry policy (see the README, "Resilience");
   * `false` turns it off. Default is on, with the defaults of `@bff/circuit-breaker` (50% failures over at least 20
   * calls in 10 s opens it for 5 s).
   */
  breaker?: false | BreakerPolicyOptions;
  /** The upstream's bulkhead, per attempt, innermost; `false` turns it off. Default is on: 64 in flight, 32 queued. */
  bulkhead?: false | BulkheadOptions;
  /** Budgeted retries of idempotent calls; `false` turns them off. Default is on: 2 retries, a 20% budget. */
  retry?: false | RetryOptions;
  /**
   * Every base URL of the upstream when it runs as several instances (all share `baseUrl`'s protocol and path
   * prefix), each a URL or an {@link UpstreamInstance} with a weight and a version: calls are balanced over them
   * by weight with passive outlier ejection (see `outlierEjection`), after the `canary` rule picked the version.
   * Default is `[baseUrl]` (one instance, one Pool).
   * @example instances: ['http://10.0.0.1:4003', { url: 'http://10.0.0.2:4003', weight: 2 }]
   */
  instances?: readonly (string | UpstreamInstance)[];
  /**
   * Which calls go to the instances of a canary version (see {@link CanaryRule}); needs instances of that version
   * and of another. Default is none.
   * @example canary: { version: 'v2', percent: 10, header: { name: 'x-canary' } }
   */
  canary?: CanaryRule;
  /**
   * Re-resolve the host names of the upstream's URLs while running, every `ttlMs` (see {@link DnsOptions});
   * IP literals are never resolved. Default is false (the system resolves each new connection's name, and a
   * keep-alive socket stays with the address it reached).
   * @example dns: { ttlMs: 10_000 }
   */
  dns?: false | DnsOptions;
  /** Outlier ejection among `instances` (see {@link OutlierEjectionOptions}). Default is its defaults. */
  outlierEjection?: OutlierEjectionOptions;
  /**
   * Identical concurrent GETs (same path, query, caller headers and verified identity) share one call (see the
   * README, "Coalescing"). Default is false.
   */
  coalesce?: boolean;
  /**
   * GET answers cached as their `Cache-Control` allows, served stale when the upstream fails (see
   * {@link ResponseCacheOptions}). Default is false (no cache).
   * @example cache: { routes: ['/products/*'], shared: true }
   */
  cache?: ResponseCacheOptions | false;
  /**
   * Hedged GETs: a second attempt after `delayMs` when the first has not answered (see `hedgePolicy`).
   * Default is false (no hedging).
   * @example hedge: { delayMs: 'p95', routes: ['/products/*'] }
   */
  hedge?: Omit<HedgeOptions, 'clock' | 'onHedged'> | false;
}

/** How one call ended; also the `outcome` label of per-upstream metrics. */
export type CallOutcome =
  /** 2xx answer. */
  | 'ok'
  /** 4xx answer: an answer, not a failure (never trips a breaker). */
  | 'client_error'
  /** The upstream did not connect, answer or finish in time (connect/headers/body timeout, `timeoutMs`). */
  | 'timeout'
  /** The upstream could not be reached (refused, reset, DNS). */
  | 'unavailable'
  /** The upstream answered a 5xx, an unparseable body or one too large. */
  | 'bad_gateway'
  /** The request's (or unit of work's) deadline passed. */
  | 'deadline'
  /** The client went away, the caller cancelled, or a required sibling failed. */
  | 'aborted'
  /** A circuit breaker refused the call without trying. */
  | 'circuit_open'
  /** A bulkhead, limiter or budget refused the call without trying. */
  | 'rejected'
  /** Answered from a cache, without a network call. */
  | 'cache_hit'
  /** Answered with a stale copy after a failure (stale-if-error). */
  | 'stale'
  /** An attempt that failed and was retried (per-attempt metrics). */
  | 'retried'
  /** An attempt that lost to a hedged one and was cancelled (per-attempt metrics). */
  | 'hedged'
  /** A failure inside the BFF (a bug, an invalid argument): says nothing about the upstream's health. */
  | 'internal';

/** Emitted once per upstream call, success or failure, for metrics and logs. */
export interface UpstreamCallEvent {
  /** Upstream name as configured (never its URL). */
  upstream: string;
  method: string;
  /** The call's path without its query string. */
  route: string;
  /** Response status, when a response arrived. */
  status?: number;
  outcome: CallOutcome;
  /** Wall time of the call in milliseconds (0 when it failed fast). */
  durationMs: number;
}

/**
 * Options of {@link DownstreamModule} and of {@link createUpstreamClient}'s shared settings.
 * @example
 * DownstreamModule.forRoot({ upstreams: { users: { baseUrl: 'http://127.0.0.1:4001' } } })
 */
export interface DownstreamModuleOptions {
  /** One entry per upstream, keyed by the name apps use (`registry.get('users')`). */
  upstreams: Record<string, UpstreamOptions>;
  /** Send the verified principal as `x-user-id` / `x-client-id` / `x-tenant-id`. Default is true. */
  propagateIdentity?: boolean;
  /** Called once per call (for metrics/logs); exceptions it throws are swallowed. */
  onCall?: (event: UpstreamCallEvent) => void;
  /**
   * Policies every upstream gets (e.g. a breaker per upstream), made once per upstream at startup and run after
   * the built-in deadline policy and before the upstream's own `policies`. Default is none.
   * @example policies: (upstream) => [breakers.policyFor(upstream)]
   */
  policies?: (upstream: string) => readonly CallPolicy[];
  /** Clock of call durations and per-call timers (request deadlines use the context's). Default is `systemClock`. */
  clock?: Clock;
  /** Records a span per attempt (see {@link AttemptTracer}). Default is none: no spans, a fresh span id per attempt. */
  tracer?: AttemptTracer;
  /**
   * Where upstreams with `cache` keep their answers, shared by all of them (keys carry the upstream's name).
   * Default is one `MemoryResponseCacheStore` of 16 MiB per process; `@bff/platform` passes a `RedisResponseCacheStore`
   * when `REDIS_URL` is set.
   */
  responseCache?: ResponseCacheStore;
}

/** Per-call options of {@link UpstreamClient}. */
export interface CallOptions {
  /** Query parameters; `undefined` values are skipped, arrays repeat the key. */
  query?: Record<string, string | number | undefined | readonly string[]>;
  /** Extra request headers (identity and tracing headers are always set by the client). */
  headers?: Record<string, string>;
  /** Cap (in milliseconds) on the whole call; the request deadline still wins when it is sooner. */
  timeoutMs?: number;
  /** Aborts the call when signalled (in addition to the request's own signal). */
  signal?: AbortSignal;
  /**
   * Name of the upstream operation (e.g. `stock`), for the breakers and bulkheads configured per operation
   * (`breaker.operations`, `bulkhead.operations`); other calls share the upstream's. Default is none.
   */
  operation?: string;
  /**
   * Hedge this call (true) or not (false), on an upstream whose `hedge` is configured; GET/HEAD only.
   * Default is the upstream's `hedge.routes`.
   */
  hedge?: boolean;
}

/** What a call resolves with: 2xx and 4xx alike (a 4xx is an answer, not an exception). */
export interface UpstreamResponse<T> {
  status: number;
  /** True for 2xx. */
  ok: boolean;
  /** Parsed JSON body; the raw text for non-JSON bodies; undefined when empty. */
  body: T;
  headers: Record<string, string | string[] | undefined>;
  /**
   * Size of the body as it came off the wire, in bytes; absent for an answer that did not (a cache hit, a test
   * double). Lets a cache weigh an answer without serializing it again.
   */
  bodyBytes?: number;
}

/** Fully resolved upstream settings (defaults applied). */
export type ResolvedUpstreamOptions = typeof UPSTREAM_DEFAULTS & {
  baseUrl: string;
  origin: string;
  basePath: string;
  policies: readonly CallPolicy[];
  interceptors: readonly Dispatcher.DispatcherComposeInterceptor[];
  dispatcher?: UpstreamOptions['dispatcher'];
  ca?: string;
  resilience: ResolvedResilience;
  /** Origins of the instances (one entry: a plain Pool). */
  instanceOrigins: readonly string[];
  /** The instances with their weights and versions (one entry: a plain Pool). */
  instances: readonly ResolvedInstance[];
  canary?: ResolvedCanaryRule;
  dns: false | (Required<Pick<DnsOptions, 'ttlMs'>> & Pick<DnsOptions, 'lookup'>);
  outlierEjection: OutlierEjectionOptions;
  coalesce: boolean;
  cache: ResponseCacheOptions | false;
  hedge: Omit<HedgeOptions, 'clock' | 'onHedged'> | false;
};

/** Defaults of {@link UpstreamOptions}. */
export const UPSTREAM_DEFAULTS = {
  connections: 64,
  connectTimeoutMs: 1000,
  headersTimeoutMs: 5000,
  bodyTimeoutMs: 5000,
  keepAliveTimeoutMs: 4000,
  maxResponseBytes: 1024 * 1024,
  unavailableRetryAfterSec: 1,
} satisfies Required<Pick<UpstreamOptions, NumericOption>>;

type NumericOption =
  | 'connections'
  | 'connectTimeoutMs'
  | 'headersTimeoutMs'
  | 'bodyTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'maxResponseBytes'
  | 'unavailableRetryAfterSec';

const NUMERIC_KEYS = Object.keys(UPSTREAM_DEFAULTS) as (keyof typeof UPSTREAM_DEFAULTS)[];

/**
 * Applies defaults and validates one upstream's options.
 * @example
 * resolveUpstreamOptions('users', { baseUrl: 'http://127.0.0.1:4001' }).origin; // 'http://127.0.0.1:4001'
 * @throws ConfigError (BFF_ERR_CONFIG) listing every invalid field as `upstreams.<name>.<field>: ...`
 */
export function resolveUpstreamOptions(name: string, options: UpstreamOptions): ResolvedUpstreamOptions {
  const problems: string[] = [];
  const at = (field: string) => `upstreams.${name}.${field}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) problems.push(`upstreams.${name}: name must match [A-Za-z0-9_.-]+`);
  let url: URL | undefined;
  try {
    url = new URL(options?.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      problems.push(`${at('baseUrl')}: must use http: or https:, got "${url.protocol}"`);
    } else if (url.search || url.hash || url.username || url.password) {
      problems.push(`${at('baseUrl')}: must not carry a query, fragment or credentials`);
    }
  } catch {
    problems.push(
      `${at('baseUrl')}: must be an absolute http(s) URL, got ${JSON.stringify(options?.baseUrl)}`,
    );
  }
  const resolved: Record<string, number> = {};
  for (const key of NUMERIC_KEYS) {
    const value = options?.[key] ?? UPSTREAM_DEFAULTS[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      problems.push(`${at(key)}: must be a positive integer, got ${JSON.stringify(value)}`);
    }
    resolved[key] = value;
  }
  const policies = options?.policies ?? [];
  if (!Array.isArray(policies)) problems.push(`${at('policies')}: must be an array of call policies`);
  else
    policies.forEach((policy: CallPolicy, i) => {
      if (typeof policy?.name !== 'string' || typeof policy?.execute !== 'function')
        problems.push(
          `${at(`policies[${i}]`)}: must be an object with a name and an execute(call, next) function`,
        );
    });
  const interceptors = options?.interceptors ?? [];
  if (!Array.isArray(interceptors) || !interceptors.every((i) => typeof i === 'function'))
    problems.push(`${at('interceptors')}: must be an array of undici interceptors (functions)`);
  if (options?.dispatcher !== undefined && typeof options.dispatcher !== 'function')
    problems.push(`${at('dispatcher')}: must be a function (origin, options) => Dispatcher`);
  if (
    options?.ca !== undefined &&
    (typeof options.ca !== 'string' || !options.ca.includes('BEGIN CERTIFICATE'))
  )
    problems.push(`${at('ca')}: must be PEM text of one or more certificates`);
  const resilience = resolveResilience(name, options ?? {}, problems);
  const instances = resolveInstances(options, url, at, problems);
  const canary = resolveCanaryRule(options?.canary, instances, at('canary'), problems);
  const dns = resolveDns(options?.dns, at('dns'), problems);
  for (const problem of validateOutlierEjection(options?.outlierEjection))
    problems.push(`${at('outlierEjection')}.${problem}`);
  problems.push(...validateResilience(options, at));
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    ...(resolved as typeof UPSTREAM_DEFAULTS),
    resilience,
    baseUrl: options.baseUrl,
    origin: url!.origin,
    basePath: url!.pathname.replace(/\/+$/, ''),
    policies,
    interceptors,
    dispatcher: options.dispatcher,
    ca: options.ca,
    instanceOrigins: instances.map((i) => i.origin),
    instances,
    ...(canary ? { canary } : {}),
    dns,
    outlierEjection: options.outlierEjection ?? {},
    coalesce: options.coalesce === true,
    cache: options.cache ?? false,
    hedge: options.hedge ?? false,
  };
}

/** The instances of the upstream (all with `baseUrl`'s protocol and path prefix); `[baseUrl]` without any. */
function resolveInstances(
  options: UpstreamOptions,
  base: URL | undefined,
  at: (field: string) => string,
  problems: string[],
): ResolvedInstance[] {
  if (!base) return [];
  const instances = options.instances;
  if (instances === undefined) return [{ origin: base.origin, weight: 1 }];
  if (!Array.isArray(instances) || instances.length === 0) {
    problems.push(`${at('instances')}: must be a non-empty array of base URLs`);
    return [{ origin: base.origin, weight: 1 }];
  }
  return resolveInstanceList(instances, base, at('instances'), problems);
}

/** The DNS re-resolution options, defaults applied; false when off. */
function resolveDns(
  dns: UpstreamOptions['dns'],
  at: string,
  problems: string[],
): ResolvedUpstreamOptions['dns'] {
  if (dns === undefined || dns === false) return false;
  if (typeof dns !== 'object' || dns === null) {
    problems.push(`${at}: must be false or { ttlMs?, lookup? }`);
    return false;
  }
  const ttlMs = dns.ttlMs ?? DNS_DEFAULTS.ttlMs;
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1)
    problems.push(`${at}.ttlMs: must be a positive integer of milliseconds, got ${JSON.stringify(ttlMs)}`);
  if (dns.lookup !== undefined && typeof dns.lookup !== 'function')
    problems.push(`${at}.lookup: must be a function (hostname) => Promise<addresses>`);
  return { ttlMs, ...(dns.lookup ? { lookup: dns.lookup } : {}) };
}

/** Problems of the coalescing, cache and hedge options. */
function validateResilience(options: UpstreamOptions, at: (field: string) => string): string[] {
  const problems: string[] = [];
  if (options?.coalesce !== undefined && typeof options.coalesce !== 'boolean')
    problems.push(`${at('coalesce')}: must be a boolean`);
  const routesOf = (field: string, value: { routes?: unknown } | false | undefined) => {
    const routes = value ? value.routes : undefined;
    if (routes === undefined) return;
    if (!Array.isArray(routes) || !routes.every((r) => typeof r === 'string' && r.startsWith('/')))
      problems.push(`${at(`${field}.routes`)}: must be an array of paths starting with "/"`);
  };
  const { cache, hedge } = options ?? {};
  if (cache !== undefined && cache !== false && (typeof cache !== 'object' || cache === null))
    problems.push(`${at('cache')}: must be false or { routes?, shared? }`);
  else routesOf('cache', cache);
  if (hedge !== undefined && hedge !== false) {
    if (typeof hedge !== 'object' || hedge === null)
      problems.push(`${at('hedge')}: must be false or { delayMs, ... }`);
    else {
      if (hedge.delayMs !== 'p95' && !(Number.isInteger(hedge.delayMs) && hedge.delayMs >= 0))
        problems.push(`${at('hedge.delayMs')}: must be a non-negative integer of milliseconds or "p95"`);
      routesOf('hedge', hedge);
    }
  }
  return problems;
}

/**
 * Validates the whole module options object at once.
 * @throws ConfigError (BFF_ERR_CONFIG) naming each invalid upstream field
 */
export function validateDownstreamOptions(options: DownstreamModuleOptions): void {
  if (!options || typeof options.upstreams !== 'object' || options.upstreams === null) {
    throw new ConfigError(['upstreams: must be an object of { name: { baseUrl, ... } }']);
  }
  const problems: string[] = [];
  for (const [name, upstream] of Object.entries(options.upstreams)) {
    try {
      resolveUpstreamOptions(name, upstream);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (options.onCall !== undefined && typeof options.onCall !== 'function')
    problems.push('onCall: must be a function');
  if (options.policies !== undefined && typeof options.policies !== 'function')
    problems.push('policies: must be a function (upstream) => CallPolicy[]');
  if (problems.length > 0) throw new ConfigError(problems);
}
