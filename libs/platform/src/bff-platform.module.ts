import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@bff/auth';
import { RequestContextStore } from '@bff/core';
import { DownstreamModule, type UpstreamOptions } from '@bff/downstream';
import { MetricsService, ObservabilityModule, recordServerTiming } from '@bff/observability';
import { RedisModule } from '@bff/redis';
import type { BffPlatformConfig } from './bff-config';

/** Per-upstream tuning on top of the base URLs in {@link BffPlatformConfig}. */
export type UpstreamTuning = Partial<Record<string, Omit<UpstreamOptions, 'baseUrl'>>>;

/**
 * Everything a BFF needs from the framework, wired from one validated {@link BffPlatformConfig}: health and
 * metrics, JWT authentication (secure by default), one pooled client per upstream reporting RED metrics, and
 * the shared Redis connection when `REDIS_URL` is set. Each lib registers its own readiness checks (one per
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
    const upstreams = Object.fromEntries(
      Object.entries(config.downstream.upstreams as Record<string, string>).map(([name, baseUrl]) => [
        name,
        { ...tuning[name], baseUrl },
      ]),
    );
    const { serverTiming } = config.observability;
    const redis = config.redis.url
      ? [RedisModule.forRoot({ url: config.redis.url, connectionName: config.name })]
      : [];
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
          jwt: {
            issuer: config.auth.issuer,
            jwksUrl: config.auth.jwksUrl,
            audience: config.auth.audience,
            verifiedTokenCache:
              config.auth.tokenCacheMaxAgeMs > 0 ? { maxAgeMs: config.auth.tokenCacheMaxAgeMs } : false,
          },
        }),
        DownstreamModule.forRootAsync({
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({
            upstreams,
            onCall: function observeUpstreamCall(call) {
              metrics.recordUpstream(call);
              const ctx = RequestContextStore.current();
              if (ctx === undefined) return;
              ctx.upstreamCalls++;
              recordServerTiming(ctx, call, serverTiming);
            },
          }),
        }),
        ...redis,
      ],
      exports: [AuthModule, DownstreamModule, ObservabilityModule, ...redis],
    };
  }
}
