import { Injectable } from '@nestjs/common';
import { ValidationError } from '@bff/core';
import { DownstreamRegistry, type UpstreamResponse } from '@bff/downstream';
import { formatIdempotencyKey } from '@bff/idempotency';
import { bodyOrNull } from './expect-answer';
import { UPSTREAM, type NewOrder, type Order, type OrderQuery, type Page } from './upstream.types';

/** Options of {@link OrdersApi.create}. */
export interface CreateOrderOptions {
  /** The client's idempotency key, forwarded so the orders service deduplicates the create too. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/**
 * Typed access to the orders service.
 * @example const page = await orders.list({ userId: 'u1', limit: 5 });
 */
@Injectable()
export class OrdersApi {
  constructor(private readonly registry: DownstreamRegistry) {}

  /**
   * A page of orders, newest first. Filters and cursor usually come from the client: an upstream 400 means
   * they were invalid, so it is the client's error.
   * @throws ValidationError (BFF_ERR_VALIDATION) when the upstream rejects the filters or the cursor
   */
  async list(query: OrderQuery, signal?: AbortSignal): Promise<Page<Order>> {
    const res = await this.registry
      .get(UPSTREAM.orders)
      .get<Page<Order>>('/orders', { query: { ...query }, signal });
    if (res.status === 400) throw new ValidationError('The order filters or the cursor are invalid.');
    const page = bodyOrNull(UPSTREAM.orders, res);
    return page ?? { items: [], nextCursor: null };
  }

  /** One order, or null when unknown. */
  async get(id: string, signal?: AbortSignal): Promise<Order | null> {
    const res = await this.registry
      .get(UPSTREAM.orders)
      .get<Order>(`/orders/${encodeURIComponent(id)}`, { signal });
    return bodyOrNull(UPSTREAM.orders, res);
  }

  /**
   * Creates an order (`POST /orders`); the raw answer is returned so callers can map a 400/422 onto their own
   * contract. With `idempotencyKey` the call carries `Idempotency-Key` (as an sf-string): the orders service
   * answers a repeat with the first order, so the call pipeline may retry it after a connection failure or a
   * 502-504. Without a key a create is never retried (it is not idempotent).
   * @example await orders.create({ partnerId, items }, { idempotencyKey: key })
   */
  create(
    order: NewOrder,
    options: CreateOrderOptions = {},
  ): Promise<UpstreamResponse<Order | { error: string; message: string }>> {
    const { idempotencyKey, signal } = options;
    const headers =
      idempotencyKey === undefined ? undefined : { 'idempotency-key': formatIdempotencyKey(idempotencyKey) };
    return this.registry.get(UPSTREAM.orders).post('/orders', order, { signal, headers });
  }
}
