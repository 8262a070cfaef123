import type { PartnerOrderV1, PartnerOrderV2 } from './partner-order.view';

/** One order as the documents show it, in each version's shape (checked against the schemas at startup). */
export const EXAMPLE_ORDER_V1: PartnerOrderV1 = {
  id: 'o1042',
  status: 'shipped',
  total: 59.97,
  currency: 'EUR',
  createdAt: '2026-11-30T09:15:00.000Z',
  items: [{ productId: 'p42', quantity: 3, unitPrice: 19.99 }],
};

export const EXAMPLE_ORDER_V2: PartnerOrderV2 = {
  id: 'o1042',
  status: 'shipped',
  total: { amount: 5997, currency: 'EUR' },
  createdAt: '2026-11-30T09:15:00.000Z',
  items: [{ productId: 'p42', quantity: 3, unitPrice: { amount: 1999, currency: 'EUR' } }],
};
