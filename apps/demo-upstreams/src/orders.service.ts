import type { FastifyInstance } from 'fastify';
import { OrderIdempotency } from './order-idempotency';
import { registerOrderRangeRoutes } from './orders-range.routes';
import { ORDER_STATUSES, OrderStore } from './orders.store';
import type { OrderStatus, SeedData } from './seed-data';
import { createServiceApp, sendError, ServiceAppOptions } from './service-app';

/** Page size of `GET /orders` when `limit` is absent. */
export const DEFAULT_ORDER_PAGE = 20;
/** Largest `limit` of `GET /orders`. */
export const MAX_ORDER_PAGE = 100;
const MAX_ORDER_ITEMS = 50;
const MAX_QUANTITY = 1000;

interface ListQuery {
  userId?: string;
  partnerId?: string;
  status?: string;
  limit?: string;
  cursor?: string;
}

/**
 * The orders upstream:
 * - `GET /orders?userId=&partnerId=&status=&limit=&cursor=` -> `{ items, nextCursor }`, newest first, `limit`
 *   1..100 (default 20), `cursor` opaque (base64url) from the previous page's `nextCursor`;
 * - `GET /orders/:id` -> the order, or 404 `not_found`;
 * - `POST /orders` `{ userId?, partnerId?, items: [{ productId, quantity }] }` (a user, a partner or both) -> 201
 *   with a new `pending` order priced from the catalog; 400 `bad_request` for a malformed body, 422
 *   `unprocessable` for an unknown user or product. With `Idempotency-Key`, a repeat of the same body by the
 *   same orderer answers the first order again (with `Idempotent-Replayed: true`), another body 422;
 * - `GET /partners/:partnerId/orders?from=&to=` (see `registerOrderRangeRoutes`): a partner's orders by date range.
 * @example const app = createOrdersService(createSeedData()); await app.listen({ port: 0 });
 */
export function createOrdersService(data: SeedData, opts: ServiceAppOptions = {}): FastifyInstance {
  const app = createServiceApp(opts);
  const store = new OrderStore(data);
  const keys = new OrderIdempotency();
  registerOrderRangeRoutes(app, store, data);

  app.get<{ Querystring: ListQuery }>('/orders', async (request, reply) => {
    const { userId, partnerId, status, limit, cursor } = request.query;
    for (const [name, value] of Object.entries({ userId, partnerId, status, limit, cursor })) {
      if (value !== undefined && typeof value !== 'string') {
        return sendError(reply, 400, 'bad_request', `Query parameter ${name} must appear once`);
      }
    }
    if (status !== undefined && !ORDER_STATUSES.includes(status as OrderStatus)) {
      return sendError(reply, 400, 'bad_request', `status must be one of ${ORDER_STATUSES.join(', ')}`);
    }
    const pageSize = limit === undefined ? DEFAULT_ORDER_PAGE : Number(limit);
    if (!/^\d+$/.test(limit ?? '20') || pageSize < 1 || pageSize > MAX_ORDER_PAGE) {
      return sendError(reply, 400, 'bad_request', `limit must be an integer between 1 and ${MAX_ORDER_PAGE}`);
    }
    const beforeSeq = cursor === undefined ? undefined : decodeCursor(cursor);
    if (beforeSeq === null) return sendError(reply, 400, 'bad_request', 'cursor is not valid');
    const page = store.list({
      userId: userId || undefined,
      partnerId: partnerId || undefined,
      status: status as OrderStatus | undefined,
      limit: pageSize,
      beforeSeq,
    });
    return { items: page.items, nextCursor: page.nextSeq === null ? null : encodeCursor(page.nextSeq) };
  });

  app.get<{ Params: { id: string } }>('/orders/:id', async (request, reply) => {
    const order = store.get(request.params.id);
    return order ?? sendError(reply, 404, 'not_found', `Order ${request.params.id} not found`);
  });

  app.post('/orders', async (request, reply) => {
    const input = parseNewOrder(request.body);
    if ('error' in input) return sendError(reply, 400, 'bad_request', input.error);
    const key = OrderIdempotency.read(request.headers['idempotency-key']);
    if (typeof key === 'object') return sendError(reply, 400, 'bad_request', key.error);
    if (input.userId !== null && !data.users.has(input.userId)) {
      return sendError(reply, 422, 'unprocessable', `User ${input.userId} does not exist`);
    }
    const orderer = input.partnerId ?? input.userId!;
    const seen = key === undefined ? undefined : keys.lookup(orderer, key, input);
    if (seen === 'another-body') {
      return sendError(reply, 422, 'unprocessable', 'Idempotency-Key was used for another order');
    }
    if (seen) {
      return reply
        .code(201)
        .header('location', `/orders/${seen.orderId}`)
        .header('idempotent-replayed', 'true')
        .send(store.get(seen.orderId));
    }
    const result = store.create(input);
    if ('unknownProducts' in result) {
      return sendError(
        reply,
        422,
        'unprocessable',
        `Unknown product(s): ${result.unknownProducts.join(', ')}`,
      );
    }
    if (key !== undefined) keys.remember(orderer, key, input, result.order.id);
    return reply.code(201).header('location', `/orders/${result.order.id}`).send(result.order);
  });

  return app;
}

/** Encodes a page position as an opaque base64url cursor. */
export function encodeCursor(seq: number): string {
  return Buffer.from(`o:${seq}`, 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; null when it is not one. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^o:([1-9]\d{0,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

function parseNewOrder(
  body: unknown,
):
  | { userId: string | null; partnerId: string | null; items: Array<{ productId: string; quantity: number }> }
  | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { error: 'Body must be a JSON object' };
  const { userId, partnerId, items } = body as Record<string, unknown>;
  if (userId !== undefined && (typeof userId !== 'string' || userId.length === 0))
    return { error: 'userId must be a non-empty string' };
  if (userId === undefined && (typeof partnerId !== 'string' || partnerId.length === 0))
    return { error: 'An order needs a userId, a partnerId or both' };
  if (
    partnerId !== undefined &&
    partnerId !== null &&
    (typeof partnerId !== 'string' || partnerId.length === 0)
  ) {
    return { error: 'partnerId must be a non-empty string or null' };
  }
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ORDER_ITEMS) {
    return { error: `items must be an array of 1 to ${MAX_ORDER_ITEMS} entries` };
  }
  const parsed: Array<{ productId: string; quantity: number }> = [];
  for (const [i, item] of items.entries()) {
    const { productId, quantity } = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof productId !== 'string' || productId.length === 0) {
      return { error: `items[${i}].productId must be a non-empty string` };
    }
    if (
      typeof quantity !== 'number' ||
      !Number.isInteger(quantity) ||
      quantity < 1 ||
      quantity > MAX_QUANTITY
    ) {
      return { error: `items[${i}].quantity must be an integer between 1 and ${MAX_QUANTITY}` };
    }
    parsed.push({ productId, quantity });
  }
  return {
    userId: (userId as string | undefined) ?? null,
    partnerId: (partnerId as string | null | undefined) ?? null,
    items: parsed,
  };
}
