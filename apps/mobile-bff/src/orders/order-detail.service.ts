import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError } from '@bff/core';
import { aggregate, optional } from '@bff/downstream';
import { CatalogApi, OrdersApi } from '@bff/upstreams';
import { toOrderDetailView, type OrderDetailView } from './order-detail.view';

/** One of the caller's orders with product names, thumbnails and stock. */
@Injectable()
export class OrderDetailService {
  constructor(
    private readonly orders: OrdersApi,
    private readonly catalog: CatalogApi,
  ) {}

  /** @throws ResourceNotFoundError when the order does not exist or belongs to someone else */
  async detail(userId: string, orderId: string): Promise<OrderDetailView> {
    const order = await this.orders.get(orderId);
    // Someone else's order is "not found": its existence is not the caller's business.
    if (!order || order.userId !== userId) throw new ResourceNotFoundError(`Order ${orderId} was not found.`);
    const ids = [...new Set(order.items.map((i) => i.productId))];
    const { data, degraded } = await aggregate({
      // the order is the screen; names and stock are worth a short wait only
      products: optional(() => this.catalog.products(ids), { budgetMs: 600 }),
      stock: optional(() => this.catalog.stock(ids), { budgetMs: 400 }),
    });
    return toOrderDetailView(order, data.products, data.stock, degraded);
  }
}
