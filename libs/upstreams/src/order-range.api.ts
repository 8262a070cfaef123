import { Injectable } from '@nestjs/common';
import { DownstreamRegistry } from '@bff/downstream';
import { bodyOf } from './expect-answer';
import { UPSTREAM, type Order, type Page } from './upstream.types';

/** One page of a partner's orders in a date range, with the range's size. */
export interface OrderRangePage extends Page<Order> {
  /** Orders in the whole range (all pages). */
  total: number;
}

/** Which page of a partner's orders in `[from, to)` (ISO 8601 instants) to read. */
export interface OrderRangeQuery {
  from: string;
  to: string;
  /** 1..1000. Default is 100. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A partner's orders by creation date, oldest first, page by page: what exports read.
 * @example const page = await range.page('partner-acme', { from: '2023-01-01', to: '2024-01-01', limit: 1000 });
 */
@Injectable()
export class OrderRangeApi {
  constructor(private readonly registry: DownstreamRegistry) {}

  /**
   * One page of the range. The BFF validates the range before calling, so any refusal is the upstream's fault.
   * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY) when the upstream refuses the query
   */
  async page(partnerId: string, query: OrderRangeQuery, signal?: AbortSignal): Promise<OrderRangePage> {
    const res = await this.registry
      .get(UPSTREAM.orders)
      .get<OrderRangePage>(`/partners/${encodeURIComponent(partnerId)}/orders`, {
        query: { ...query },
        signal,
      });
    return bodyOf(UPSTREAM.orders, res);
  }
}
