import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, PrincipalKinds, type Principal } from '@bff/auth';
import { Contract } from '@bff/contracts';
import { IdParams, ListOrdersQuery } from '../api/partner.schemas';
import { EXAMPLE_ORDER_V1 } from './order.examples';
import { getOrderContract, listOrdersContract } from './orders.contracts';
import { PartnerOrdersService } from './partner-orders.service';
import { PartnerOrderPageV1, PartnerOrderV1, toPartnerOrderV1 } from './partner-order.view';

const ORDER = EXAMPLE_ORDER_V1;

/** v1 orders of the calling partner (deprecated: see v2). Partners only: a user token is refused with 403. */
@Controller({ path: 'orders', version: '1' })
@PrincipalKinds('client')
export class PartnerOrdersV1Controller {
  constructor(private readonly orders: PartnerOrdersService) {}

  @Get()
  @Contract(listOrdersContract(PartnerOrderPageV1, { items: [ORDER], nextCursor: 'b2Zmc2V0OjIw' }))
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListOrdersQuery,
  ): Promise<PartnerOrderPageV1> {
    const { page } = await this.orders.list(principal, query);
    return { items: page.items.map(toPartnerOrderV1), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Contract(getOrderContract(PartnerOrderV1, ORDER))
  async get(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<PartnerOrderV1> {
    return toPartnerOrderV1(await this.orders.get(principal, params.id));
  }
}
