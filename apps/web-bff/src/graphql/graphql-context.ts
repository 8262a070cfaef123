import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { AuthMissingError, Authenticator, extractBearerCredentials, type AuthRequest } from '@bff/auth';
import { isBffError, toBffError, toProblem } from '@bff/core';
import { createCatalogLoaders, type CatalogApi, type CatalogLoaders } from '@bff/upstreams';

/** What every resolver receives: the request, the reply, and this request's own DataLoaders. */
export interface GraphQLContext {
  req: FastifyRequest & AuthRequest;
  res: FastifyReply;
  loaders: CatalogLoaders;
}

/**
 * Builds the per-request GraphQL context. The caller is authenticated here, once per HTTP request, so a
 * missing or bad token is an HTTP 401 with `WWW-Authenticate` (not a 200 with an error), and resolvers
 * find `req.principal` already set. DataLoaders are new for every request.
 */
export function graphQLContextFactory(authenticator: Authenticator, catalog: CatalogApi) {
  return async function graphQLContext(
    req: GraphQLContext['req'],
    res: FastifyReply,
  ): Promise<GraphQLContext> {
    try {
      const credentials = extractBearerCredentials(req, authenticator.realm);
      // The whole GraphQL endpoint is private: no anonymous operations, introspection included.
      if (!credentials) throw new AuthMissingError({ realm: authenticator.realm });
      req.principal = await authenticator.authenticate(credentials);
    } catch (err) {
      throw asHttpGraphQLError(err);
    }
    return { req, res, loaders: createCatalogLoaders(catalog) };
  };
}

/** A GraphQLError that Apollo answers with the coded error's HTTP status and headers. */
function asHttpGraphQLError(err: unknown): GraphQLError {
  const coded = toBffError(err);
  const problem = toProblem(coded);
  return new GraphQLError(problem.detail, {
    extensions: {
      code: problem.code,
      http: { status: coded.status, headers: new Map(Object.entries(isBffError(err) ? coded.headers : {})) },
    },
  });
}
