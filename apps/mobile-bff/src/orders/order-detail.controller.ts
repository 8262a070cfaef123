import { Controller, Get, Param } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '@bff/auth';
import { IdPipe } from '@bff/core';
import { OrderDetailService } from './order-detail.service';
import type { OrderDetailView } from './order-detail.view';

/** One order of the signed-in user. */
@Controller('v1/orders')
export class OrderDetailController {
  constructor(private readonly orders: OrderDetailService) {}

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdPipe) id: string): Promise<OrderDetailView> {
    return this.orders.detail(principal.subject, id);
  }
}
