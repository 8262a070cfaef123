import { Type, type Static } from '@sinclair/typebox';
import type { DegradedPart } from '@bff/downstream';
import type { Product } from '@bff/upstreams';
import { money, Money } from '../api/money';
import { Degraded, Id, Stock } from '../api/partner.schemas';

/** A product and its stock as fetched once for every version; `stock` null when the inventory was unavailable. */
export interface ProductWithStock {
  product: Product;
  stock: Static<typeof Stock> | null;
  degraded: DegradedPart[];
}

const common = {
  id: Id,
  name: Type.String(),
  description: Type.String(),
  thumbnailUrl: Type.String({ format: 'uri' }),
  category: Type.String(),
  stock: Type.Union([Stock, Type.Null()], { description: 'null when the inventory was unavailable.' }),
  degraded: Type.Optional(Degraded),
};

/** `GET /v1/products/{id}`: the price in major units, the currency beside it. */
export const PartnerProductV1 = Type.Object({
  ...common,
  price: Type.Number({ examples: [19.99] }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});
export type PartnerProductV1 = Static<typeof PartnerProductV1>;

/** `GET /v2/products/{id}`: the price as {@link Money}. */
export const PartnerProductV2 = Type.Object({ ...common, price: Money });
export type PartnerProductV2 = Static<typeof PartnerProductV2>;

function base({ product: p, stock, degraded }: ProductWithStock) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    thumbnailUrl: p.thumbnailUrl,
    category: p.category,
    stock,
    ...(degraded.length > 0 ? { degraded } : {}),
  };
}

export function toPartnerProductV1(found: ProductWithStock): PartnerProductV1 {
  const { price, currency } = found.product;
  return { ...base(found), price, currency };
}

export function toPartnerProductV2(found: ProductWithStock): PartnerProductV2 {
  return { ...base(found), price: money(found.product.price, found.product.currency) };
}
