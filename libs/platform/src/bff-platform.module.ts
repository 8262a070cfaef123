import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@bff/auth';
import type { BffConfig } from '@bff/core';
import { DownstreamModule, type UpstreamOptions } from '@bff/downstream';
import { httpReachable, MetricsService, ObservabilityModule } from '@bff/observability';

/** Per-upstream tuning on top of the base URLs in {@link BffConfig}. */
export type UpstreamTuning = Partial<Record<string, Omit<UpstreamOptions, 'baseUrl'>>>;

/**
 * Everything a BFF needs from the framework, wired from one validated {@link BffConfig}: health and metrics,
 * JWT authentication (secure by default), and one pooled client per upstream reporting RED metrics. A new
 * BFF imports this and adds its controllers or resolvers.
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
  static forRoot(config: BffConfig, tuning: UpstreamTuning = {}): DynamicModule {
    const entries = Object.entries(config.upstreams as Record<string, string>);
    const upstreams = Object.fromEntries(
      entries.map(([name, baseUrl]) => [name, { ...tuning[name], baseUrl }]),
    );
    return {
      module: BffPlatformModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: config.name,
          readinessChecks: Object.fromEntries(entries.map(([name, url]) => [name, httpReachable(url)])),
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
            onCall: (call) => metrics.recordUpstream(call),
          }),
        }),
      ],
      exports: [AuthModule, DownstreamModule, ObservabilityModule],
    };
  }
}
