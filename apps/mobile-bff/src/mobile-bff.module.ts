import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@bff/auth';
import { DownstreamModule } from '@bff/downstream';
import { httpReachable, MetricsService, ObservabilityModule } from '@bff/observability';
import { UpstreamsModule } from '@bff/upstreams';
import type { MobileBffConfig } from './config';
import { HomeController } from './home/home.controller';
import { HomeService } from './home/home.service';
import { OrderDetailController } from './orders/order-detail.controller';
import { OrderDetailService } from './orders/order-detail.service';

/** The mobile BFF: compact, screen-shaped REST payloads for the iOS and Android apps. */
@Module({})
export class MobileBffModule {
  static forRoot(config: MobileBffConfig): DynamicModule {
    const upstreams = Object.fromEntries(Object.entries(config.upstreams).map(([name, baseUrl]) => [name, { baseUrl }]));
    return {
      module: MobileBffModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: config.name,
          readinessChecks: Object.fromEntries(Object.entries(config.upstreams).map(([n, url]) => [n, httpReachable(url)])),
        }),
        AuthModule.forRoot({ jwt: { issuer: config.auth.issuer, jwksUrl: config.auth.jwksUrl, audience: config.auth.audience } }),
        DownstreamModule.forRootAsync({
          inject: [MetricsService],
          useFactory: (metrics: MetricsService) => ({ upstreams, onCall: (call) => metrics.recordUpstream(call) }),
        }),
        UpstreamsModule,
      ],
      controllers: [HomeController, OrderDetailController],
      providers: [HomeService, OrderDetailService],
    };
  }
}
