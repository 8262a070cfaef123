import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, PrincipalKinds, type Principal } from '@bff/auth';
import { Contract, type ContractSpec } from '@bff/contracts';
import { UnprocessableError } from '@bff/core';
import { Idempotent, IdempotencyKey } from '@bff/idempotency';
import { bodyOf, OrdersApi, UPSTREAM, type Order } from '@bff/upstreams';
import type { TSchema } from '@sinclair/typebox';
import { namedClass } from '../api/named-class';
import { partnerIdOf } from '../partner.principal';
import { CREATED_HEADERS, IdempotencyHeaders, NewOrder } from './create-order.schema';
import { EXAMPLE_ORDER_V1, EXAMPLE_ORDER_V2 } from './order.examples';
import { PartnerOrderV1, PartnerOrderV2, toPartnerOrderV1, toPartnerOrderV2 } from './partner-order.view';

/** `POST /v<n>/orders`: the same body, key and errors in every version; the version's order shape. */
function createOrderContract(order: TSchema, example: unknown): ContractSpec {
  return {
    operationId: 'createOrder',
    summary: 'Create an order (retry safely with Idempotency-Key)',
    description:
      'Creates an order for you upstream. Send an `Idempotency-Key` to retry safely: the key is handed to the ' +
      'orders service too. A write without a key runs once and is never retried by the BFF.',
    tags: ['orders'],
    headers: IdempotencyHeaders,
    body: NewOrder,
    bodyExample: { items: [{ productId: 'p42', quantity: 2 }] },
    responses: {
      201: { schema: order, example, description: 'Created (or the replay of it)', headers: CREATED_HEADERS },
    },
    errors: [409, 422],
    scopes: ['orders:write'],
  };
}

/**
 * Creates an order for the calling partner and answers 201 with it and its `Location`. With `Idempotency-Key`
 * (see `@bff/idempotency`) a retry replays the answer, and the key goes to the orders service, so a retry of
 * the upstream call cannot create a second order either.
 * @throws UnprocessableError (422) when an item names an unknown product
 */
async function createOrder(
  orders: OrdersApi,
  principal: Principal,
  body: NewOrder,
  idempotencyKey: string | undefined,
): Promise<Order> {
  const res = await orders.create(
    { partnerId: partnerIdOf(principal), items: body.items },
    { idempotencyKey },
  );
  if (res.status === 422) throw new UnprocessableError('An item names a product that does not exist.');
  return bodyOf(UPSTREAM.orders, res) as Order;
}

const SHAPES = {
  '1': { schema: PartnerOrderV1, example: EXAMPLE_ORDER_V1, view: toPartnerOrderV1 },
  '2': { schema: PartnerOrderV2, example: EXAMPLE_ORDER_V2, view: toPartnerOrderV2 },
} as const;

/** `POST /v<n>/orders`: the order answered in the shape of `version` (v2: money in minor units). */
function createOrderController(version: '1' | '2') {
  const shape = SHAPES[version];
  @Controller({ path: 'orders', version })
  @PrincipalKinds('client')
  class CreateOrderController {
    constructor(@Inject(OrdersApi) private readonly orders: OrdersApi) {}

    @Post()
    @Contract(createOrderContract(shape.schema, shape.example))
    @Idempotent() // first: a key reused with another body is a 422 even when that body is invalid
    async create(
      @CurrentPrincipal() principal: Principal,
      @Body() body: NewOrder,
      @IdempotencyKey() key: string | undefined,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<PartnerOrderV1 | PartnerOrderV2> {
      const order = shape.view(await createOrder(this.orders, principal, body, key));
      reply.header('location', `/v${version}/orders/${order.id}`);
      return order;
    }
  }
  return namedClass(CreateOrderController, `CreateOrderV${version}Controller`);
}

/** v1 (deprecated: see v2). */
export const CreateOrderV1Controller = createOrderController('1');
export const CreateOrderV2Controller = createOrderController('2');
