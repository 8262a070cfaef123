import { DynamicModule, Module } from '@nestjs/common';
import { RequestContextStore, RouteMetadataOverrides, type Clock } from '@bff/core';
import {
  ApiKeysModule,
  AuthModule,
  IntrospectionStrategy,
  RouteAudit,
  TokenRevocationsModule,
  type ApiKeysEnvConfig,
  type AuthEnvConfig,
} from '@bff/auth';
import {
  DownstreamModule,
  MemoryResponseCacheStore,
  RedisResponseCacheStore,
  type UpstreamEnvSettings,
  type UpstreamOptions,
} from '@bff/downstream';
import { IdempotencyModule } from '@bff/idempotency';
import {
  MetricsService,
  ObservabilityModule,
  recordServerTiming,
  TRACING,
  type Tracing,
} from '@bff/observability';
import { RATE_LIMIT_KEY, RateLimitModule } from '@bff/rate-limit';
import { RedisConnection, RedisModule, redisTarget } from '@bff/redis';
import type { BffPlatformConfig } from './bff-config';
import { PolicyRoutes } from './policy/policy-routes';
import { layerUpstreamOptions } from './policy/policy-upstreams';

/** Per-upstream tuning on top of the base URLs in {@link BffPlatformConfig}. */
export type UpstreamTuning = Partial<Record<string, Omit<UpstreamOptions, 'baseUrl'>>>;

/**
 * Everything a BFF needs from the framework, wired from one validated {@link BffPlatformConfig}: health and
 * metrics, JWT authentication (secure by default), rate limits on every request (per-IP shield, then the
 * principal's policies; in Redis when `REDIS_URL` is set, else in memory), one pooled client per upstream
 * reporting RED metrics, the idempotency store of `@Idempotent()` writes (Redis or memory, like the limits), and the
 * shared Redis connection when `REDIS_URL` or `REDIS_CLUSTER_NODES` is set. Each lib registers its own readiness checks (one per
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
    // The app's tuning is the default, the policy file comes over it, and what the environment sets wins.
    const filed = config.policy?.upstreams ?? {};
    const upstreams = Object.fromEntries(
      Object.entries(config.downstream.upstreams as Record<string, string>).map(([name, baseUrl]) => [
        name,
        layerUpstreamOptions(
          layerUpstreamOptions<UpstreamOptions>({ ...tuning[name], baseUrl }, filed[name]),
          (settings as Record<string, UpstreamEnvSettings>)[name],
        ),
      ]),
    );
    const routeOverrides = new RouteMetadataOverrides();
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
          statusPage: config.observability.statusPage,
          // Unready while no key set of the identity provider can be used: a new replica that cannot fetch
          // keys stays out of rotation; a running one with fresh keys stays ready through an IdP outage.
          criticalChecks: { keys: true },
          // Spans per request and per upstream attempt, only with an OTLP endpoint (OTEL_*); the last ones are
          // exported on shutdown within half of its budget.
          ...(config.tracing.enabled
            ? {
                tracing: config.tracing,
                tracingShutdownTimeoutMs: Math.floor(config.core.shutdownTimeoutMs / 2),
              }
            : {}),
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
          strategies: introspectionStrategies(config.auth, config.clock),
          routeOverrides,
        }),
        DownstreamModule.forRootAsync({
          inject: [MetricsService, TRACING, { token: RedisConnection, optional: true }],
          useFactory: (metrics: MetricsService, tracing: Tracing | null, redis?: RedisConnection) => ({
            upstreams,
            clock: config.clock,
            ...(tracing === null ? {} : { tracer: tracing }),
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
        IdempotencyModule.forRoot({ config: config.idempotency, clock: config.clock }),
        ...apiKeys,
        // Revoked JWTs (`jti`): shared by the replicas through Redis (`npm run keys -- revoke-token`), else
        // in this process only (for an app that revokes at logout).
        TokenRevocationsModule.forRoot({ store: redisAt ? 'redis' : 'memory', clock: config.clock }),
      ],
      exports: [
        AuthModule,
        DownstreamModule,
        ObservabilityModule,
        RateLimitModule,
        IdempotencyModule,
        ...redis,
        ...apiKeys,
      ],
      providers: [
        {
          provide: PolicyRoutes,
          inject: [RouteAudit],
          useFactory: (audit: RouteAudit) =>
            new PolicyRoutes(audit, routeOverrides, config.policy, upstreams),
        },
      ],
    };
  }
}

/** Opaque tokens checked at the first issuer's introspection endpoint, when one is configured. */
function introspectionStrategies(auth: AuthEnvConfig, clock?: Clock): IntrospectionStrategy[] {
  if (!auth.introspection) return [];
  const [first] = auth.issuers;
  const audience = first.audience ?? auth.audience;
  return [
    new IntrospectionStrategy({
      ...auth.introspection,
      issuer: first.issuer,
      audience: typeof audience === 'string' ? [audience] : audience,
      claims: first.claims,
      realm: auth.audience,
      clock,
    }),
  ];
}

/** The API keys of a BFF that accepts them, from the store its configuration names. */
function apiKeysModule(keys: ApiKeysEnvConfig): DynamicModule {
  return ApiKeysModule.forRoot({
    store: keys.store === 'redis' ? { kind: 'redis' } : { kind: 'file', path: keys.file },
    cacheMaxAgeMs: keys.cacheMaxAgeMs,
    staleMaxAgeMs: keys.staleMaxAgeMs,
  });
}
