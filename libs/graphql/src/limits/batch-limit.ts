import { GraphQLBatchRejectedError } from '../graphql.errors';
import { toGraphQLError } from './graphql-error';

/**
 * Wraps a GraphQL context factory so that a batched HTTP request (a JSON array body) is refused before the
 * context is built (and before anything runs): always when `maxBatchSize` is undefined (batching off), else
 * when it holds more operations. The first argument of `factory` must be the HTTP request (`req.body`).
 * @example context: limitBatches(limits.maxBatchSize, graphQLContextFactory(authenticator, catalog))
 * @throws (as a GraphQLError, HTTP 400) GraphQLBatchRejectedError (BFF_ERR_GRAPHQL_BATCH_REJECTED)
 */
export function limitBatches<A extends [unknown, ...unknown[]], C>(
  maxBatchSize: number | undefined,
  factory: (...args: A) => C | Promise<C>,
): (...args: A) => Promise<C> {
  return async function batchLimitedContext(...args: A): Promise<C> {
    const body = (args[0] as { body?: unknown } | undefined)?.body;
    if (Array.isArray(body)) {
      if (maxBatchSize === undefined)
        throw toGraphQLError(new GraphQLBatchRejectedError('Batched GraphQL requests are not accepted.'));
      if (body.length > maxBatchSize)
        throw toGraphQLError(
          new GraphQLBatchRejectedError(
            `A batched GraphQL request may hold at most ${maxBatchSize} operations, got ${body.length}.`,
          ),
        );
    }
    return factory(...args);
  };
}
