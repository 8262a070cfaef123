import { Type, type Static } from '@sinclair/typebox';
import type { Order, Page } from '@bff/upstreams';
import { money, Money } from '../api/money';
import { Id, OrderStatus } from '../api/partner.schemas';

const CreatedAt = Type.String({ format: 'date-time', examples: ['2026-11-30T09:15:00.000Z'] });

/** v1 order: amounts as decimal numbers in major units, the currency once per order. */
export const PartnerOrderV1 = Type.Object({
  id: Id,
  status: OrderStatus,
  total: Type.Number({ description: 'In major units (e.g. euros).', examples: [59.97] }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  createdAt: CreatedAt,
  items: Type.Array(
    Type.Object({ productId: Id, quantity: Type.Integer({ minimum: 1 }), unitPrice: Type.Number() }),
  ),
});
export type PartnerOrderV1 = Static<typeof PartnerOrderV1>;

/** `GET /v1/orders`. */
export const PartnerOrderPageV1 = Type.Object({
  items: Type.Array(PartnerOrderV1),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Pass as `cursor` to get the next page; null on the last page.',
  }),
});
export type PartnerOrderPageV1 = Static<typeof PartnerOrderPageV1>;

/** v2 order: every amount is {@link Money} in minor units. */
export const PartnerOrderV2 = Type.Object({
  id: Id,
  status: OrderStatus,
  total: Money,
  createdAt: CreatedAt,
  items: Type.Array(Type.Object({ productId: Id, quantity: Type.Integer({ minimum: 1 }), unitPrice: Money })),
});
export type PartnerOrderV2 = Static<typeof PartnerOrderV2>;

/** `GET /v2/orders`: the pagination metadata in one `page` object. */
export const PartnerOrderPageV2 = Type.Object({
  items: Type.Array(PartnerOrderV2),
  page: Type.Object({
    limit: Type.Integer({ minimum: 1 }),
    hasMore: Type.Boolean(),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page.',
    }),
  }),
});
export type PartnerOrderPageV2 = Static<typeof PartnerOrderPageV2>;

export function toPartnerOrderV1(o: Order): PartnerOrderV1 {
  return {
    id: o.id,
    status: o.status,
    total: o.total,
    currency: o.currency,
    createdAt: o.createdAt,
    items: o.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })),
  };
}

export function toPartnerOrderV2(o: Order): PartnerOrderV2 {
  return {
    id: o.id,
    status: o.status,
    total: money(o.total, o.currency),
    createdAt: o.createdAt,
    items: o.items.map((i) => ({
      productId: i.productId,
      quantity: i.quantity,
      unitPrice: money(i.unitPrice, o.currency),
    })),
  };
}

export function toPartnerOrderPageV2(page: Page<Order>, limit: number): PartnerOrderPageV2 {
  return {
    items: page.items.map(toPartnerOrderV2),
    page: { limit, hasMore: page.nextCursor !== null, nextCursor: page.nextCursor },
  };
}
