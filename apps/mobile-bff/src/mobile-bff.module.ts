import { DynamicModule, Module } from '@nestjs/common';
import { BffPlatformModule } from '@bff/platform';
import { demoUpstreamTuning, UpstreamsModule } from '@bff/upstreams';
import type { MobileBffConfig } from './config';
import { HomeController } from './home/home.controller';
import { HomeService } from './home/home.service';
import { OrderDetailController } from './orders/order-detail.controller';
import { OrderDetailService } from './orders/order-detail.service';

/** The mobile BFF: compact, screen-shaped REST payloads for the iOS and Android apps. */
@Module({})
export class MobileBffModule {
  static forRoot(config: MobileBffConfig): DynamicModule {
    return {
      module: MobileBffModule,
      imports: [
        BffPlatformModule.forRoot(config, demoUpstreamTuning({ cacheCatalog: true })),
        UpstreamsModule,
      ],
      controllers: [HomeController, OrderDetailController],
      providers: [HomeService, OrderDetailService],
    };
  }
}
