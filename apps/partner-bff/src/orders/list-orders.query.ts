import { ValidationError } from '@bff/core';
import type { OrderQuery, OrderStatus } from '@bff/upstreams';

const STATUSES: readonly OrderStatus[] = ['pending', 'paid', 'shipped', 'delivered', 'cancelled'];
const CURSOR = /^[A-Za-z0-9_-]{1,512}$/;
const KNOWN = new Set(['status', 'limit', 'cursor']);

/** Most orders per page. */
export const MAX_LIMIT = 100;

/**
 * Parses `GET /v1/orders` query parameters strictly (unknown or repeated parameters are errors, so a typo
 * never silently widens a partner's listing).
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) naming the parameter
 */
export function parseListOrdersQuery(
  query: Record<string, unknown>,
): Omit<OrderQuery, 'userId' | 'partnerId'> {
  for (const [key, value] of Object.entries(query)) {
    if (!KNOWN.has(key)) throw new ValidationError(`Unknown query parameter "${key.slice(0, 40)}".`);
    if (typeof value !== 'string') throw new ValidationError(`Query parameter "${key}" must appear once.`);
  }
  const { status, limit, cursor } = query as Record<string, string | undefined>;
  const out: Omit<OrderQuery, 'userId' | 'partnerId'> = {};
  if (status !== undefined) {
    if (!STATUSES.includes(status as OrderStatus))
      throw new ValidationError(`status must be one of ${STATUSES.join(', ')}.`);
    out.status = status as OrderStatus;
  }
  if (limit !== undefined) {
    const n = Number(limit);
    if (!/^\d{1,3}$/.test(limit) || n < 1 || n > MAX_LIMIT)
      throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}.`);
    out.limit = n;
  }
  if (cursor !== undefined) {
    if (!CURSOR.test(cursor)) throw new ValidationError('cursor is malformed.');
    out.cursor = cursor;
  }
  return out;
}
