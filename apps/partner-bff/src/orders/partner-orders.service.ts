import { Injectable } from '@nestjs/common';
import type { Principal } from '@bff/auth';
import { ResourceNotFoundError } from '@bff/core';
import { OrdersApi, type Order, type Page } from '@bff/upstreams';
import { DEFAULT_LIMIT, type ListOrdersQuery } from '../api/partner.schemas';
import { partnerIdOf } from '../partner.principal';

/** The upstream calls behind every version of the orders routes: versions differ only in shape. */
@Injectable()
export class PartnerOrdersService {
  constructor(private readonly orders: OrdersApi) {}

  /** A page of the calling partner's orders; `limit` is the page size asked for (default 20). */
  async list(principal: Principal, query: ListOrdersQuery): Promise<{ page: Page<Order>; limit: number }> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const page = await this.orders.list({
      status: query.status,
      cursor: query.cursor,
      limit,
      partnerId: partnerIdOf(principal),
    });
    return { page, limit };
  }

  /**
   * One order of the calling partner.
   * @throws ResourceNotFoundError (404) for an unknown order or another partner's
   */
  async get(principal: Principal, id: string): Promise<Order> {
    const order = await this.orders.get(id);
    if (!order || order.partnerId !== partnerIdOf(principal))
      throw new ResourceNotFoundError(`Order ${id} was not found.`);
    return order;
  }
}
