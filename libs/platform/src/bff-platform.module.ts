import { DynamicModule, Module } from '@nestjs/common';
import { RequestContextStore } from '@bff/core';
import { ApiKeysModule, AuthModule, type ApiKeysEnvConfig } from '@bff/auth';
import {
  DownstreamModule,
  MemoryResponseCacheStore,
  RedisResponseCacheStore,
  type UpstreamEnvSettings,
  type UpstreamOptions,
} from '@bff/downstream';
import { MetricsService, ObservabilityModule, recordServerTiming } from '@bff/observability';
import { RATE_LIMIT_KEY, RateLimitModule } from '@bff/rate-limit';
import { RedisConnection, RedisModule, redisTarget } from '@bff/redis';
import type { BffPlatformConfig } from './bff-config';

/** Per-upstream tuning on top of the base URLs in {@link BffPlatformConfig}. */
export type UpstreamTuning = Partial<Record<string, Omit<UpstreamOptions, 'baseUrl'>>>;

/**
 * Everything a BFF needs from the framework, wired from one validated {@link BffPlatformConfig}: health and
 * metrics, JWT authentication (secure by default), rate limits on every request (per-IP shield, then the
 * principal's policies; in Redis when `REDIS_URL` is set, else in memory), one pooled client per upstream
 * reporting RED metrics, and the shared Redis connection when `REDIS_URL` or `REDIS_CLUSTER_NODES` is set. Each lib registers its own readiness checks (one per
 * upstream, `redis`). A new BFF imports this and adds its controllers or resolvers.
 *
 * @example
 * @Module({})
 * export class KioskBffModule {
 *   static forRoot(config: KioskBffConfig): DynamicModule {
 *     return { module: KioskBffModule, imports: [BffPlatformModule.forRoot(config)], controllers: [MenuController] };
 *   }
 * }
 */
@Module({})
export class BffPlatformModule {
  static forRoot(config: BffPlatformConfig, tuning: UpstreamTuning = {}): DynamicModule {
    const { settings, responseCacheMaxBytes } = config.downstream;
    // The app's tuning is the default; what the environment sets wins.
    const upstreams = Object.fromEntries(
      Object.entries(config.downstream.upstreams as Record<string, string>).map(([name, baseUrl]) => [
        name,
        withEnvSettings(
          { ...tuning[name], baseUrl },
          (settings as Record<string, UpstreamEnvSettings>)[name],
        ),
      ]),
    );
    const { serverTiming } = config.observability;
    const redisAt = redisTarget(config.redis);
    const redis = redisAt ? [RedisModule.forRoot({ ...redisAt, connectionName: config.name })] : [];
    const apiKeys = config.auth.apiKeys ? [apiKeysModule(config.auth.apiKeys)] : [];
    return {
      module: BffPlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: config.name,
          readinessCacheMs: config.observability.readinessCacheMs,
          // Unready while no key set of the identity provider can be used: a new replica that cannot fetch
          // keys stays out of rotation; a running one with fresh keys stays ready through an IdP outage.
          criticalChecks: { keys: true },
        }),
        AuthModule.forRoot({
          jwt: config.auth.issuers.map((issuer) => ({
            ...issuer,
            verifiedTokenCache:
              config.auth.tokenCacheMaxAgeMs > 0 ? { maxAgeMs: config.auth.tokenCacheMaxAgeMs } : false,
          })),
          realm: config.auth.audience,
          principalKinds: config.auth.principalKinds,
          routeAudit: { metadata: { rateLimit: RATE_LIMIT_KEY } },
        }),
        DownstreamModule.forRootAsync({
          inject: [MetricsService, { token: RedisConnection, optional: true }],
          useFactory: (metrics: MetricsService, redis?: RedisConnection) => ({
            upstreams,
            clock: config.clock,
            onCall: function observeUpstreamCall(call) {
              metrics.recordUpstream(call);
              const ctx = RequestContextStore.current();
              if (ctx === undefined) return;
              ctx.upstreamCalls++;
              recordServerTiming(ctx, call, serverTiming);
            },
            // Shared by the replicas when REDIS_URL is set; bounded by bytes in memory otherwise.
            responseCache: redis
              ? new RedisResponseCacheStore(redis)
              : new MemoryResponseCacheStore({ maxBytes: responseCacheMaxBytes }),
          }),
        }),
        ...redis,
        RateLimitModule.forRoot({ config: config.rateLimit }),
        ...apiKeys,
      ],
      exports: [AuthModule, DownstreamModule, ObservabilityModule, RateLimitModule, ...redis, ...apiKeys],
    };
  }
}

/**
 * The app's own tuning of an upstream with its variables' settings on top (the operator's word wins); the
 * `UPSTREAM_<NAME>_BREAKER*` / `_BULKHEAD*` / `_RETRY*` options merge field by field, and a policy switched off in
 * the environment is off.
 */
function withEnvSettings(options: UpstreamOptions, fromEnv: UpstreamEnvSettings = {}): UpstreamOptions {
  const merged: UpstreamOptions = { ...options, ...fromEnv };
  for (const key of ['breaker', 'bulkhead', 'retry'] as const) {
    const own = options[key];
    const set = fromEnv[key];
    if (set === undefined) continue;
    (merged as unknown as Record<string, unknown>)[key] =
      set === false || own === false ? set : { ...own, ...set };
  }
  return merged;
}

/** The API keys of a BFF that accepts them, from the store its configuration names. */
function apiKeysModule(keys: ApiKeysEnvConfig): DynamicModule {
  return ApiKeysModule.forRoot({
    store: keys.store === 'redis' ? { kind: 'redis' } : { kind: 'file', path: keys.file },
    cacheMaxAgeMs: keys.cacheMaxAgeMs,
  });
}
