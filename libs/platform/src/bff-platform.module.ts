import { DynamicModule, Module } from '@nestjs/common';
import { ApiKeysModule, AuthModule, type ApiKeysEnvConfig } from '@bff/auth';
import { DownstreamModule, type UpstreamOptions } from '@bff/downstream';
import { MetricsService, ObservabilityModule } from '@bff/observability';
import { RATE_LIMIT_KEY } from '@bff/rate-limit';
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
    const redis = config.redis.url
      ? [RedisModule.forRoot({ url: config.redis.url, connectionName: config.name })]
      : [];
    const apiKeys = config.auth.apiKeys ? [apiKeysModule(config.auth.apiKeys)] : [];
    return {
      module: BffPlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({ serviceName: config.name }),
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
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({
            upstreams,
            onCall: (call) => metrics.recordUpstream(call),
          }),
        }),
        ...redis,
        ...apiKeys,
      ],
      exports: [AuthModule, DownstreamModule, ObservabilityModule, ...redis, ...apiKeys],
    };
  }
}

/** The API keys of a BFF that accepts them, from the store its configuration names. */
function apiKeysModule(keys: ApiKeysEnvConfig): DynamicModule {
  return ApiKeysModule.forRoot({
    store: keys.store === 'redis' ? { kind: 'redis' } : { kind: 'file', path: keys.file },
    cacheMaxAgeMs: keys.cacheMaxAgeMs,
  });
}
