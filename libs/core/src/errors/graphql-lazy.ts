type GraphQL = typeof import('graphql');
let graphql: GraphQL | undefined;

/**
 * The `graphql` package, loaded on first use: only an app that serves GraphQL (and so has loaded it already)
 * renders GraphQL errors or transforms a schema, and a REST-only app never pays for loading it at startup.
 * @example const { GraphQLError } = loadGraphql();
 */
export function loadGraphql(): GraphQL {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  graphql ??= require('graphql') as GraphQL;
  return graphql;
}
