import type { Order } from '@bff/upstreams';

/** An order as the partner API publishes it (v1: a stable contract, decoupled from the upstream's shape). */
export interface PartnerOrderV1 {
  id: string;
  status: string;
  total: number;
  currency: string;
  createdAt: string;
  items: Array<{ productId: string; quantity: number; unitPrice: number }>;
}

/** `GET /v1/orders`. */
export interface PartnerOrderPageV1 {
  items: PartnerOrderV1[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null;
}

export function toPartnerOrder(o: Order): PartnerOrderV1 {
  return {
    id: o.id,
    status: o.status,
    total: o.total,
    currency: o.currency,
    createdAt: o.createdAt,
    items: o.items.map((i) => ({ productId: i.productId, quantity: i.quantity, unitPrice: i.unitPrice })),
  };
}
