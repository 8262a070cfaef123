import { Body, Controller, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, PrincipalKinds, Scopes, type Principal } from '@bff/auth';
import { UnprocessableError } from '@bff/core';
import { Idempotent, IdempotencyKey } from '@bff/idempotency';
import { bodyOf, OrdersApi, UPSTREAM, type Order } from '@bff/upstreams';
import { partnerIdOf } from '../partner.principal';
import { bodyValidator } from './body-validator';
import { CreateOrderBodyV1 } from './create-order.schema';
import { toPartnerOrderV1, type PartnerOrderV1 } from './partner-order.view';

const parseBody = bodyValidator(CreateOrderBodyV1);

/**
 * `POST /v1/orders`: creates an order for the calling partner, 201 with the order and its `Location`. Honours
 * `Idempotency-Key` (a retry with the same key and body replays the answer; see `@bff/idempotency`) and hands
 * the key to the orders service, so a retry of the upstream call cannot create a second order either. A
 * create without a key runs once and is never retried by the call pipeline.
 */
@Controller('v1/orders')
@PrincipalKinds('client')
export class CreateOrderController {
  constructor(private readonly orders: OrdersApi) {}

  @Post()
  @Scopes('orders:write')
  @Idempotent()
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @IdempotencyKey() idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PartnerOrderV1> {
    const { items } = parseBody(body);
    const res = await this.orders.create({ partnerId: partnerIdOf(principal), items }, { idempotencyKey });
    if (res.status === 422) throw new UnprocessableError('An item names a product that does not exist.');
    const order = toPartnerOrderV1(bodyOf(UPSTREAM.orders, res) as Order);
    reply.header('location', `/v1/orders/${order.id}`);
    return order;
  }
}
