import { readAuthEnv, type AuthEnvConfig, type PrincipalKind } from '@bff/auth';
import { ConfigError, readCoreEnv, readSlices, type BffConfig, type Env } from '@bff/core';
import { readDownstreamEnv, type DownstreamEnvConfig } from '@bff/downstream';
import { readIdempotencyEnv, type IdempotencyEnvConfig } from '@bff/idempotency';
import { readRateLimitEnv, type RateLimitEnvConfig, type RateLimitEnvSpec } from '@bff/rate-limit';
import {
  readObservabilityEnv,
  readTracingEnv,
  type ObservabilityEnvConfig,
  type TracingEnvConfig,
} from '@bff/observability';
import { readRedisEnv, redisTarget, type RedisEnvConfig } from '@bff/redis';
import { loadPolicyFile, readPolicyEnv, type LoadedPolicy } from './policy/policy-file';
import { effectivePolicy, policyUrls, type EffectivePolicy } from './policy/policy-upstreams';

/**
 * A BFF's whole configuration: its name and one slice per lib, each read and validated by the lib that owns
 * it (see CONTRACT.md, "Configuration of every BFF").
 */
export interface BffPlatformConfig<U extends string = string> extends BffConfig {
  /** `AUTH_*` (`readAuthEnv` in `@bff/auth`). */
  auth: AuthEnvConfig;
  /** `UPSTREAM_<NAME>_URL` (`readDownstreamEnv` in `@bff/downstream`). */
  downstream: DownstreamEnvConfig<U>;
  /** `REDIS_URL` or `REDIS_CLUSTER_NODES` (`readRedisEnv` in `@bff/redis`); neither = in-memory stores. */
  redis: RedisEnvConfig;
  /** `RATE_LIMIT_*` (`readRateLimitEnv` in `@bff/rate-limit`): policies, tiers, fail mode, shield. */
  rateLimit: RateLimitEnvConfig;
  /** `READINESS_CACHE_MS` (`readObservabilityEnv` in `@bff/observability`). */
  observability: ObservabilityEnvConfig;
  /** `IDEMPOTENCY_*` (`readIdempotencyEnv` in `@bff/idempotency`): TTL and lease of idempotency keys. */
  idempotency: IdempotencyEnvConfig;
  /**
   * `POLICY_FILE` (`readPolicyEnv`): the policy file's upstream options and route settings, after the
   * environment's URLs; undefined without a file. Precedence: the app's code < the file < the environment.
   */
  policy?: EffectivePolicy;
  /** `OTEL_*` (`readTracingEnv` in `@bff/observability`): off unless an OTLP endpoint is set. */
  tracing: TracingEnvConfig;
}

/** What differs between BFFs when reading {@link BffPlatformConfig}. */
export interface BffConfigSpec<U extends string> {
  /** App name; also the default `AUTH_AUDIENCE`. */
  name: string;
  /** Default `PORT`. */
  port: number;
  /** Upstreams this BFF calls; each reads `UPSTREAM_<NAME>_URL`. */
  upstreams: readonly U[];
  /** This BFF's default limits and tier policies (see `readRateLimitEnv`). Default is 300/min, burst 50. */
  rateLimit?: RateLimitEnvSpec;
  /** Whether this BFF accepts partner API keys (`X-API-Key`, `AUTH_API_KEY_*`). Default false. */
  apiKeys?: boolean;
  /** The kinds of principal this BFF serves (`['user']`, `['client']`); a token of another kind is a 403. */
  principalKinds?: readonly PrincipalKind[];
}

/**
 * Reads and validates a BFF's configuration once, from `process.env` in `main.ts` or a literal in tests: core's
 * slice, then Redis, auth, the upstreams and the rate limits, each by its lib's reader, over the app's policy
 * file when there is one (`POLICY_FILE`, see `loadPolicyFile`). Every bad variable of every slice, and every
 * problem of the file (by its path in the file), is named in one error.
 * @example const config = readBffConfig(process.env, { name: 'kiosk-bff', port: 3004, upstreams: ['catalog'] });
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readBffConfig<U extends string>(source: Env, spec: BffConfigSpec<U>): BffPlatformConfig<U> {
  let policy: LoadedPolicy | undefined;
  const slices = readSlices({
    policy: () => {
      const file = readPolicyEnv(source, spec.name);
      policy = file ? loadPolicyFile(file, { app: spec.name, upstreams: spec.upstreams }) : undefined;
      return policy && effectivePolicy(policy, source);
    },
    core: () => readCoreEnv(source, { port: spec.port }),
    redis: () => readRedisEnv(source),
    auth: () =>
      readAuthEnv(source, {
        defaultAudience: spec.name,
        apiKeys: spec.apiKeys,
        principalKinds: spec.principalKinds,
      }),
    downstream: () =>
      readDownstreamEnv(source, spec.upstreams, policyUrls(policy) as Partial<Record<U, string>>),
    rateLimit: () => readRateLimitEnv(source, spec.rateLimit),
    observability: () => readObservabilityEnv(source),
    idempotency: () => readIdempotencyEnv(source),
    tracing: () => readTracingEnv(source, { serviceName: spec.name }),
  });
  if (slices.auth.apiKeys?.store === 'redis' && !redisTarget(slices.redis)) {
    throw new ConfigError(['AUTH_API_KEY_STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES']);
  }
  const { leaseMs } = slices.idempotency;
  if (leaseMs <= slices.core.requestTimeoutMs) {
    // a lease a request can outlast would let a retry run a write that is still running
    throw new ConfigError([
      `IDEMPOTENCY_LEASE_MS (${leaseMs}) must be above REQUEST_TIMEOUT_MS (${slices.core.requestTimeoutMs})`,
    ]);
  }
  const { policy: effective, ...rest } = slices;
  return { name: spec.name, ...rest, ...(effective ? { policy: effective } : {}) };
}
