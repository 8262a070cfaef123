import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthRequest, GraphQLAdmission } from '@bff/auth';
import { createCatalogLoaders, type CatalogApi, type CatalogLoaders } from '@bff/upstreams';

/** Time budget (in milliseconds) of the `stock` fields' inventory call: past it they are null and degraded. */
export const STOCK_BUDGET_MS = 500;

/** What every resolver receives: the request, the reply, and this request's own DataLoaders. */
export interface GraphQLContext {
  req: FastifyRequest & AuthRequest;
  res: FastifyReply;
  loaders: CatalogLoaders;
}

/**
 * Builds the per-request GraphQL context. The request is admitted first, once per HTTP request
 * ({@link GraphQLAdmission}: the whole endpoint is private, introspection included), so a missing or bad token
 * is an HTTP 401 with `WWW-Authenticate` (not a 200 with an error), and resolvers find `req.principal` already
 * set. DataLoaders are new for every request.
 */
export function graphQLContextFactory(admission: GraphQLAdmission, catalog: CatalogApi) {
  return admission.context(function webBffContext(
    req: GraphQLContext['req'],
    res: FastifyReply,
  ): GraphQLContext {
    return {
      req,
      res,
      loaders: createCatalogLoaders(catalog, { stockBudgetMs: STOCK_BUDGET_MS, stockPart: 'stock' }),
    };
  });
}
