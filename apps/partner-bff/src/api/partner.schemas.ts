import { StringEnum } from '@bff/contracts';
import { Type, type Static } from '@sinclair/typebox';

/** A resource id: letters, digits, `_` and `-`, at most 64 (nothing odd reaches an upstream path). */
export const Id = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$', examples: ['o1'] });

/** `/orders/{id}`, `/products/{id}`. */
export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

/** Order statuses, as the orders service has them. */
export const ORDER_STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] as const;
export const OrderStatus = StringEnum(ORDER_STATUSES);

/** Most orders per page, and the page size when `limit` is absent. */
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/** `GET /v1/orders` and `GET /v2/orders`: the same filters in both versions. */
export const ListOrdersQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(ORDER_STATUSES, { description: 'Only orders in this status.' })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_LIMIT,
        default: DEFAULT_LIMIT,
        description: `Orders per page, 1 to ${MAX_LIMIT}.`,
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9_-]{1,512}$',
        description: 'The `nextCursor` of the previous page; absent for the first page.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ListOrdersQuery = Static<typeof ListOrdersQuery>;

/** Stock of a product; null in a product when the inventory was unavailable. */
export const Stock = Type.Object({ available: Type.Integer({ minimum: 0 }), inStock: Type.Boolean() });

/** A degraded optional part of an answer (the REST `degraded` shape of the framework). */
export const Degraded = Type.Array(
  Type.Object({ part: Type.String(), code: Type.String(), stale: Type.Optional(Type.Boolean()) }),
  { description: 'Parts of the answer that could not be fetched; present only when some are missing.' },
);
