import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, PrincipalKinds, Scopes, type Principal } from '@bff/auth';
import { IdPipe, ResourceNotFoundError } from '@bff/core';
import { OrdersApi } from '@bff/upstreams';
import { partnerIdOf } from '../partner.principal';
import { parseListOrdersQuery } from './list-orders.query';
import { toPartnerOrder, type PartnerOrderPageV1, type PartnerOrderV1 } from './partner-order.view';

/** v1 orders of the calling partner. Partners only (machine clients): a user token is refused with 403. */
@Controller('v1/orders')
@PrincipalKinds('client')
export class PartnerOrdersController {
  constructor(private readonly orders: OrdersApi) {}

  @Get()
  @Scopes('orders:read')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: Record<string, unknown>,
  ): Promise<PartnerOrderPageV1> {
    const page = await this.orders.list({
      ...parseListOrdersQuery(query),
      partnerId: partnerIdOf(principal),
    });
    return { items: page.items.map(toPartnerOrder), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Scopes('orders:read')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdPipe) id: string,
  ): Promise<PartnerOrderV1> {
    const order = await this.orders.get(id);
    if (!order || order.partnerId !== partnerIdOf(principal))
      throw new ResourceNotFoundError(`Order ${id} was not found.`);
    return toPartnerOrder(order);
  }
}
