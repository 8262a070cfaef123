import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@bff/auth';
import { DownstreamModule, type UpstreamOptions, type UpstreamResilienceEnv } from '@bff/downstream';
import { MetricsService, ObservabilityModule } from '@bff/observability';
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
        withResilienceEnv({ ...tuning[name], baseUrl }, config.downstream.resilience?.[name]),
      ]),
    );
    const redis = config.redis.url
      ? [RedisModule.forRoot({ url: config.redis.url, connectionName: config.name })]
      : [];
    return {
      module: BffPlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ serviceName: config.name }),
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
            clock: config.clock,
            onCall: (call) => metrics.recordUpstream(call),
          }),
        }),
        ...redis,
      ],
      exports: [AuthModule, DownstreamModule, ObservabilityModule, ...redis],
    };
  }
}

/**
 * The app's own tuning of an upstream with its `UPSTREAM_<NAME>_BREAKER*` / `_BULKHEAD*` / `_RETRY*` variables on
 * top (the operator's word wins; a policy switched off in the environment is off).
 */
function withResilienceEnv(options: UpstreamOptions, fromEnv: UpstreamResilienceEnv = {}): UpstreamOptions {
  const merged: UpstreamOptions = { ...options };
  for (const key of ['breaker', 'bulkhead', 'retry'] as const) {
    const own = options[key];
    const set = fromEnv[key];
    if (set === undefined) continue;
    (merged as unknown as Record<string, unknown>)[key] =
      set === false || own === false ? set : { ...own, ...set };
  }
  return merged;
}
