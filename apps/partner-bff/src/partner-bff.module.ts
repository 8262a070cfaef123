import { DynamicModule, Module } from '@nestjs/common';
import { BffPlatformModule } from '@bff/platform';
import { demoUpstreamTuning, UpstreamsModule } from '@bff/upstreams';
import type { PartnerBffConfig } from './config';
import { CreateOrderController } from './orders/create-order.controller';
import { PartnerOrdersController } from './orders/partner-orders.controller';
import { PartnerProductsController } from './products/partner-products.controller';

/** The partner BFF: a versioned, stable REST contract for partners, authenticated by client credentials;
 * every controller is `@PrincipalKinds('client')`. */
@Module({})
export class PartnerBffModule {
  static forRoot(config: PartnerBffConfig): DynamicModule {
    return {
      module: PartnerBffModule,
      imports: [
        BffPlatformModule.forRoot(config, demoUpstreamTuning({ cacheCatalog: false })),
        UpstreamsModule,
      ],
      controllers: [PartnerOrdersController, CreateOrderController, PartnerProductsController],
    };
  }
}
