import { Module } from '@nestjs/common';
import { CatalogApi } from './catalog.api';
import { OrdersApi } from './orders.api';
import { UsersApi } from './users.api';

/**
 * Typed APIs of the shared downstream services (users, orders, catalog, inventory) over the app's
 * `DownstreamModule` registry: an app configures the upstreams it calls, then injects these.
 */
@Module({ providers: [UsersApi, OrdersApi, CatalogApi], exports: [UsersApi, OrdersApi, CatalogApi] })
export class UpstreamsModule {}
