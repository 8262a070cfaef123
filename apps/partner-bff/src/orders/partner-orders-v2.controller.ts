import { Controller, Get, Param, Query } from '@nestjs/common';
import { CurrentPrincipal, PrincipalKinds, type Principal } from '@bff/auth';
import { Contract } from '@bff/contracts';
import { IdParams, ListOrdersQuery } from '../api/partner.schemas';
import { EXAMPLE_ORDER_V2 } from './order.examples';
import { getOrderContract, listOrdersContract } from './orders.contracts';
import { PartnerOrdersService } from './partner-orders.service';
import {
  PartnerOrderPageV2,
  PartnerOrderV2,
  toPartnerOrderPageV2,
  toPartnerOrderV2,
} from './partner-order.view';

const ORDER = EXAMPLE_ORDER_V2;
const PAGE = { items: [ORDER], page: { limit: 20, hasMore: true, nextCursor: 'b2Zmc2V0OjIw' } };

/** v2 orders of the calling partner: money in minor units, pagination in `page`. Partners only. */
@Controller({ path: 'orders', version: '2' })
@PrincipalKinds('client')
export class PartnerOrdersV2Controller {
  constructor(private readonly orders: PartnerOrdersService) {}

  @Get()
  @Contract(listOrdersContract(PartnerOrderPageV2, PAGE))
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListOrdersQuery,
  ): Promise<PartnerOrderPageV2> {
    const { page, limit } = await this.orders.list(principal, query);
    return toPartnerOrderPageV2(page, limit);
  }

  @Get(':id')
  @Contract(getOrderContract(PartnerOrderV2, ORDER))
  async get(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<PartnerOrderV2> {
    return toPartnerOrderV2(await this.orders.get(principal, params.id));
  }
}
