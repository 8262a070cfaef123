import { Module } from '@nestjs/common';
import { CatalogApi } from './catalog.api';
import { OrderRangeApi } from './order-range.api';
import { OrdersApi } from './orders.api';
import { UsersApi } from './users.api';

/**
 * Typed APIs of the shared downstream services (users, orders, catalog, inventory) over the app's
 * `DownstreamModule` registry: an app configures the upstreams it calls, then injects these.
 */
@Module({
  providers: [UsersApi, OrdersApi, CatalogApi, OrderRangeApi],
  exports: [UsersApi, OrdersApi, CatalogApi, OrderRangeApi],
})
export class UpstreamsModule {}
