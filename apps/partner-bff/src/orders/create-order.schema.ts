import { Type, type Static } from '@sinclair/typebox';
import { Id } from '../api/partner.schemas';

/** Most lines in one order, and the largest quantity of one line (the orders service's own bounds). */
export const MAX_ORDER_ITEMS = 50;
export const MAX_ITEM_QUANTITY = 1000;

/**
 * Body of `POST /v<n>/orders` (the same in every version): 1 to 50 lines, each a product id (as
 * `GET /v<n>/products/{id}` takes it) and a quantity of 1 to 1000. Unknown fields are refused at every level.
 */
export const NewOrder = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        { productId: Id, quantity: Type.Integer({ minimum: 1, maximum: MAX_ITEM_QUANTITY, examples: [2] }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_ORDER_ITEMS },
    ),
  },
  { additionalProperties: false },
);
export type NewOrder = Static<typeof NewOrder>;

/** `Idempotency-Key` as draft-ietf-httpapi-idempotency-key-header writes it; its rules are `@bff/idempotency`'s. */
export const IdempotencyHeaders = Type.Object(
  {
    'Idempotency-Key': Type.Optional(
      Type.String({
        maxLength: 257,
        description:
          'An sf-string of 1 to 255 visible ASCII characters (a UUID is a good key), quotes optional. A retry ' +
          'with the same key and body replays the first answer (`Idempotent-Replayed: true`) for 24 hours; the ' +
          'same key with another body or version is a 422, a retry while the first runs a 409. Keys are per partner.',
        examples: ['"8e03978e-40d5-43e8-bc93-6894a57f9324"'],
      }),
    ),
  },
  { additionalProperties: true },
);

/** The headers of a created order's 201 (the first answer and its replays). */
export const CREATED_HEADERS = {
  Location: { description: 'The order: `/v<n>/orders/{id}`.', required: true },
  'Idempotent-Replayed': {
    description: '`true` on a replay of a keyed write; absent on the first answer.',
    schema: Type.Literal('true'),
  },
} as const;
