import { GraphQLError, type ASTNode } from 'graphql';
import { isBffError, type BffError } from '@bff/core';

/**
 * A coded error as the `GraphQLError` Apollo answers with: message = the error's detail, `extensions.code`
 * and `status`, and the HTTP status (Apollo reads `extensions.http`). The coded error stays the
 * `originalError`, so {@link formatLimitErrors} finds its code even after Apollo re-wraps it.
 */
export function toGraphQLError(err: BffError, nodes?: readonly ASTNode[]): GraphQLError {
  return new GraphQLError(err.message, {
    nodes,
    originalError: err,
    extensions: {
      code: err.code,
      status: err.status,
      http: { status: err.status, headers: new Map(Object.entries(err.headers)) },
    },
  });
}

/** The innermost coded error under GraphQL's wrappers, if any. */
export function codedCause(error: unknown): BffError | undefined {
  let current = error;
  for (let i = 0; i < 6 && current; i++) {
    if (isBffError(current)) return current;
    current = current instanceof GraphQLError ? current.originalError : undefined;
  }
  return undefined;
}
