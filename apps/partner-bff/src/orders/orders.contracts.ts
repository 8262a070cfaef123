import type { ContractSpec } from '@bff/contracts';
import type { TSchema } from '@sinclair/typebox';
import { IdParams, ListOrdersQuery } from '../api/partner.schemas';

/** `GET /v<n>/orders`: the same filters and scope in every version, the version's page shape. */
export function listOrdersContract(page: TSchema, example: unknown): ContractSpec {
  return {
    operationId: 'listOrders',
    summary: 'List your orders, newest first',
    tags: ['orders'],
    query: ListOrdersQuery,
    responses: { 200: { schema: page, example } },
    scopes: ['orders:read'],
  };
}

/** `GET /v<n>/orders/{id}`: another partner's order is a 404, as an unknown one. */
export function getOrderContract(order: TSchema, example: unknown): ContractSpec {
  return {
    operationId: 'getOrder',
    summary: 'One of your orders',
    tags: ['orders'],
    params: IdParams,
    responses: { 200: { schema: order, example } },
    errors: [404],
    scopes: ['orders:read'],
  };
}
