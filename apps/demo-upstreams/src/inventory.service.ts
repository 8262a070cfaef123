import type { FastifyInstance } from 'fastify';
import type { SeedData, StockRow } from './seed-data';
import { createServiceApp, parseIdList, sendError, ServiceAppOptions } from './service-app';

/**
 * The inventory upstream: `GET /stock?productIds=p1,p2` -> `{ items: [{ productId, available, updatedAt }] }`.
 * Every known product has a row (about 15% have `available: 0`); unknown ids are omitted. At most 100 ids;
 * answers 400 `bad_request` for a missing or too long list.
 * @example const app = createInventoryService(createSeedData()); await app.listen({ port: 0 });
 */
export function createInventoryService(data: SeedData, opts: ServiceAppOptions = {}): FastifyInstance {
  const app = createServiceApp(opts);

  app.get<{ Querystring: { productIds?: string } }>('/stock', async (request, reply) => {
    const parsed = parseIdList(request.query.productIds, 'productIds');
    if ('error' in parsed) return sendError(reply, 400, 'bad_request', parsed.error);
    const items: StockRow[] = [];
    for (const id of parsed.ids) {
      const row = data.stock.get(id);
      if (row) items.push(row);
    }
    return { items };
  });

  return app;
}
