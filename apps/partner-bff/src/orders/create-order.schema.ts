import { Type, type Static } from '@sinclair/typebox';

/** Most lines in one order, and the largest quantity of one line (the orders service's own bounds). */
export const MAX_ORDER_ITEMS = 50;
export const MAX_ITEM_QUANTITY = 1000;

/**
 * Body of `POST /v1/orders`: 1 to 50 lines, each a product id (as `GET /v1/products/:id` takes it) and a
 * quantity of 1 to 1000. Unknown fields are refused at every level, so a typo is a 400, never ignored.
 */
export const CreateOrderBodyV1 = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          productId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', examples: ['p42'] }),
          quantity: Type.Integer({ minimum: 1, maximum: MAX_ITEM_QUANTITY, examples: [2] }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ORDER_ITEMS },
    ),
  },
  { additionalProperties: false, examples: [{ items: [{ productId: 'p42', quantity: 2 }] }] },
);
export type CreateOrderBodyV1 = Static<typeof CreateOrderBodyV1>;

/** One order as the v1 partner API publishes it (201 of `POST /v1/orders`, 200 of `GET /v1/orders/:id`). */
export const PartnerOrderV1Schema = Type.Object(
  {
    id: Type.String({ examples: ['o9001'] }),
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('paid'),
      Type.Literal('shipped'),
      Type.Literal('delivered'),
      Type.Literal('cancelled'),
    ]),
    total: Type.Number({ examples: [39.98] }),
    currency: Type.String({ examples: ['EUR'] }),
    createdAt: Type.String({ format: 'date-time' }),
    items: Type.Array(
      Type.Object(
        { productId: Type.String(), quantity: Type.Integer(), unitPrice: Type.Number() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PartnerOrderV1Schema = Static<typeof PartnerOrderV1Schema>;
