import type { FastifyInstance } from 'fastify';
import type { OrderStore } from './orders.store';
import { partnerArchive } from './partner-archive';
import type { Order, SeedData } from './seed-data';
import { sendError } from './service-app';

/** Page size of `GET /partners/:partnerId/orders` when `limit` is absent. */
export const DEFAULT_RANGE_PAGE = 100;
/** Largest `limit` of `GET /partners/:partnerId/orders`: exports read big pages. */
export const MAX_RANGE_PAGE = 1000;
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

interface RangeQuery {
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
}

/**
 * `GET /partners/:partnerId/orders?from=&to=&limit=&cursor=` -> `{ items, nextCursor, total }`: the partner's
 * orders created in `[from, to)` (ISO 8601 dates or date-times, both required), oldest first, archive included
 * (see `partnerArchive`); `limit` 1..1000 (default 100); `cursor` opaque, from the previous page; `total` is the
 * number of orders in the range. 400 `bad_request` for a malformed parameter.
 * @example registerOrderRangeRoutes(app, store, data)
 */
export function registerOrderRangeRoutes(app: FastifyInstance, store: OrderStore, data: SeedData): void {
  app.get<{ Params: { partnerId: string }; Querystring: RangeQuery }>(
    '/partners/:partnerId/orders',
    async (request, reply) => {
      const { from, to, limit, cursor } = request.query;
      for (const [name, value] of Object.entries({ from, to, limit, cursor })) {
        if (value !== undefined && typeof value !== 'string')
          return sendError(reply, 400, 'bad_request', `Query parameter ${name} must appear once`);
      }
      const fromMs = parseInstant(from);
      const toMs = parseInstant(to);
      if (fromMs === null || toMs === null || toMs < fromMs)
        return sendError(reply, 400, 'bad_request', 'from and to must be ISO 8601 instants, from <= to');
      const pageSize = limit === undefined ? DEFAULT_RANGE_PAGE : Number(limit);
      if (!/^\d{1,4}$/.test(limit ?? '1') || pageSize < 1 || pageSize > MAX_RANGE_PAGE)
        return sendError(
          reply,
          400,
          'bad_request',
          `limit must be an integer between 1 and ${MAX_RANGE_PAGE}`,
        );
      const partnerId = request.params.partnerId;
      // Archive first, then the live orders: both oldest first, and every archived order is older.
      const orders = [...partnerArchive(data, partnerId), ...store.ordersOfPartner(partnerId)];
      const first = firstAtOrAfter(orders, fromMs);
      const end = firstAtOrAfter(orders, toMs);
      const start = cursor === undefined ? first : decodeRangeCursor(cursor);
      if (start === null || start < first || start > end)
        return sendError(reply, 400, 'bad_request', 'cursor is not valid for this range');
      const stop = Math.min(end, start + pageSize);
      return {
        items: orders.slice(start, stop),
        nextCursor: stop < end ? encodeRangeCursor(stop) : null,
        total: end - first,
      };
    },
  );
}

function parseInstant(raw: string | undefined): number | null {
  if (raw === undefined || !INSTANT.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

function encodeRangeCursor(position: number): string {
  return Buffer.from(`r:${position}`, 'utf8').toString('base64url');
}

function decodeRangeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(cursor)) return null;
  const match = /^r:(0|[1-9]\d{0,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}

/** Index of the first order created at or after `ms` (orders oldest first); `orders.length` if none. */
function firstAtOrAfter(orders: readonly Order[], ms: number): number {
  let lo = 0;
  let hi = orders.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (Date.parse(orders[mid].createdAt) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
