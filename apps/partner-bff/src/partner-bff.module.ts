import { DynamicModule, Module } from '@nestjs/common';
import { ContractsModule } from '@bff/contracts';
import { JobsModule } from '@bff/jobs';
import { BffPlatformModule } from '@bff/platform';
import { demoUpstreamTuning, UpstreamsModule } from '@bff/upstreams';
import { partnerApiOptions } from './api/partner-api';
import type { PartnerBffConfig } from './config';
import { CreateOrderV1Controller, CreateOrderV2Controller } from './orders/create-order.controllers';
import { PartnerOrdersV1Controller } from './orders/partner-orders-v1.controller';
import { PartnerOrdersV2Controller } from './orders/partner-orders-v2.controller';
import { PartnerOrdersService } from './orders/partner-orders.service';
import {
  PartnerProductsV1Controller,
  PartnerProductsV2Controller,
} from './products/partner-products.controllers';
import { PartnerProductsService } from './products/partner-products.service';
import { PartnerUsageController } from './usage/partner-usage.controller';
import { OrdersExportJob } from './exports/orders-export.job';
import {
  PartnerExportsV1Controller,
  PartnerExportsV2Controller,
  PartnerJobsV1Controller,
  PartnerJobsV2Controller,
} from './exports/partner-exports.controllers';
import { PartnerExportsService } from './exports/partner-exports.service';

/**
 * The partner BFF: a versioned, stable REST contract for partners (`/v1` deprecated beside `/v2`, URI
 * versioning, one service per resource shared by the versions), authenticated by API keys or client
 * credentials; every route is declared with `@Contract()`, which validates it and documents it in
 * `/v<n>/openapi.json`; every controller is `@PrincipalKinds('client')`.
 */
@Module({})
export class PartnerBffModule {
  static forRoot(config: PartnerBffConfig): DynamicModule {
    return {
      module: PartnerBffModule,
      imports: [
        BffPlatformModule.forRoot(config, demoUpstreamTuning({ cacheCatalog: false })),
        UpstreamsModule,
        ContractsModule.forRoot(partnerApiOptions(config.contracts, config.tokenUrl)),
        JobsModule.forRoot({ ...config.jobs, clock: config.clock, connectionName: `${config.name}-jobs` }),
      ],
      controllers: [
        PartnerOrdersV1Controller,
        PartnerOrdersV2Controller,
        CreateOrderV1Controller,
        CreateOrderV2Controller,
        PartnerProductsV1Controller,
        PartnerProductsV2Controller,
        PartnerUsageController,
        PartnerExportsV1Controller,
        PartnerExportsV2Controller,
        PartnerJobsV1Controller,
        PartnerJobsV2Controller,
      ],
      providers: [PartnerOrdersService, PartnerProductsService, PartnerExportsService, OrdersExportJob],
    };
  }
}
