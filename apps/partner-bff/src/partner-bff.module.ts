import { DynamicModule, Module } from '@nestjs/common';
import { JobsModule } from '@bff/jobs';
import { BffPlatformModule } from '@bff/platform';
import { demoUpstreamTuning, UpstreamsModule } from '@bff/upstreams';
import type { PartnerBffConfig } from './config';
import { OrdersExportJob } from './exports/orders-export.job';
import { PartnerExportsController } from './exports/partner-exports.controller';
import { PartnerJobsController } from './exports/partner-jobs.controller';
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
        JobsModule.forRoot({ ...config.jobs, clock: config.clock, connectionName: `${config.name}-jobs` }),
      ],
      controllers: [
        PartnerOrdersController,
        PartnerProductsController,
        PartnerExportsController,
        PartnerJobsController,
      ],
      providers: [OrdersExportJob],
    };
  }
}
