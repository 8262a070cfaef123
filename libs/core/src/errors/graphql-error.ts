import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { loadGraphql } from './graphql-lazy';
import { toBffError, toProblem } from './problem';

/** Options of {@link toGraphQLError}. */
export interface ToGraphQLErrorOptions {
  /**
   * Also carry the coded error's HTTP status and headers (`extensions.http`), which Apollo applies to the HTTP
   * answer: use it where the whole request fails (a GraphQL context factory, admission), so a 401 is an HTTP
   * 401 with `WWW-Authenticate` and a 429 an HTTP 429 with `Retry-After`, never a 200 with errors. Leave it off
   * for errors of one field. Default is false.
   */
  http?: boolean;
}

/**
 * Renders anything thrown as a GraphQL error: `extensions.code`, `status` and `title` from the catalog
 * (uncoded failures become `BFF_ERR_INTERNAL` with a generic message). A GraphQL error of GraphQL's own
 * (syntax, validation) passes through unchanged.
 *
 * @example
 * throw toGraphQLError(new AuthMissingError({ realm }), { http: true }); // HTTP 401 + WWW-Authenticate
 * @see https://www.apollographql.com/docs/apollo-server/data/errors#setting-http-status-code-and-headers
 */
export function toGraphQLError(exception: unknown, options: ToGraphQLErrorOptions = {}): GraphQLError {
  const { GraphQLError } = loadGraphql();
  if (exception instanceof GraphQLError && !exception.originalError) return exception;
  const err = toBffError(exception instanceof GraphQLError ? exception.originalError : exception);
  const problem = toProblem(err);
  const extensions: Record<string, unknown> = {
    code: problem.code,
    status: problem.status,
    title: problem.title,
  };
  if (options.http) {
    extensions.http = { status: err.status, headers: new Map(Object.entries(err.headers)) };
  }
  return new GraphQLError(problem.detail, { extensions });
}

/**
 * Apollo `formatError`: keeps only message, locations, path and `extensions.code`/`status`, so no stack
 * trace or internal detail reaches clients. Coded errors thrown where Nest filters do not run (field
 * resolvers, DataLoaders) are mapped here from the original error.
 * @example GraphQLModule.forRoot({ ..., formatError: formatGraphQLError })
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError {
  const ext = formatted.extensions ?? {};
  let code = typeof ext.code === 'string' ? ext.code : 'BFF_ERR_INTERNAL';
  let status = typeof ext.status === 'number' ? ext.status : undefined;
  let message = formatted.message;
  if (code === 'INTERNAL_SERVER_ERROR' || !ext.code) {
    const problem = toProblem(toBffError(rootCause(error)));
    code = problem.code;
    status = problem.status;
    message = problem.detail;
  }
  return {
    message,
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code, ...(status !== undefined ? { status } : {}) },
  };
}

/** The innermost error under GraphQL's wrappers (`originalError` chain). */
function rootCause(error: unknown): unknown {
  const { GraphQLError } = loadGraphql();
  let current = error;
  for (let i = 0; i < 5 && current instanceof GraphQLError && current.originalError; i++)
    current = current.originalError;
  return current;
}
