import type { FastifyInstance } from 'fastify';
import type { Product, SeedData } from './seed-data';
import { createServiceApp, parseIdList, sendError, ServiceAppOptions } from './service-app';

/**
 * `Cache-Control` of product reads: always revalidated (a price is never served from a cache while the catalog
 * answers), and usable for five minutes by a cache with stale-if-error while it fails.
 */
export const PRODUCT_CACHE_CONTROL = 'public, max-age=0, stale-if-error=300';

/**
 * The catalog upstream: `GET /products/:id` and `GET /products?ids=p1,p2` (at most 100 ids; unknown ids are
 * omitted). Answers 404 `not_found` for an unknown id and 400 `bad_request` for a missing or too long id list.
 * @example const app = createCatalogService(createSeedData()); await app.listen({ port: 0 });
 */
export function createCatalogService(data: SeedData, opts: ServiceAppOptions = {}): FastifyInstance {
  const app = createServiceApp(opts);

  app.get<{ Params: { id: string } }>('/products/:id', async (request, reply) => {
    const product = data.products.get(request.params.id);
    if (product) reply.header('cache-control', PRODUCT_CACHE_CONTROL);
    return product ?? sendError(reply, 404, 'not_found', `Product ${request.params.id} not found`);
  });

  app.get<{ Querystring: { ids?: string } }>('/products', async (request, reply) => {
    const parsed = parseIdList(request.query.ids, 'ids');
    if ('error' in parsed) return sendError(reply, 400, 'bad_request', parsed.error);
    const items: Product[] = [];
    for (const id of parsed.ids) {
      const product = data.products.get(id);
      if (product) items.push(product);
    }
    reply.header('cache-control', PRODUCT_CACHE_CONTROL);
    return { items };
  });

  return app;
}
