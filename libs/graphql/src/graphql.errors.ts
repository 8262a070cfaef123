import { BffError } from '@bff/core';

/**
 * The GraphQL limits' error catalog. Each rejection happens before execution, answers HTTP 400 and carries its
 * code in `extensions.code`; callers branch on `err.code`.
 */
export type GraphQLLimitErrorCode =
  | 'BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE'
  | 'BFF_ERR_GRAPHQL_TOO_MANY_TOKENS'
  | 'BFF_ERR_GRAPHQL_TOO_DEEP'
  | 'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES'
  | 'BFF_ERR_GRAPHQL_TOO_MANY_DIRECTIVES'
  | 'BFF_ERR_GRAPHQL_BATCH_REJECTED'
  | 'BFF_ERR_GRAPHQL_COST_EXCEEDED'
  | 'BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED'
  | 'BFF_ERR_GRAPHQL_CSRF_REJECTED';

/** Base of the GraphQL limit errors: all are the client's fault (400). */
export abstract class GraphQLLimitError extends BffError {
  static override readonly status: number = 400;
  declare readonly code: GraphQLLimitErrorCode;
}

/** The document (query text) is larger than `maxDocumentBytes`. */
export class GraphQLDocumentTooLargeError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE';
  static override readonly title = 'GraphQL document too large';
}

/** The document has more lexical tokens than `maxTokens`. */
export class GraphQLTooManyTokensError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_TOO_MANY_TOKENS';
  static override readonly title = 'GraphQL document has too many tokens';
}

/** An operation nests selections deeper than `maxDepth` (fragments expanded). */
export class GraphQLTooDeepError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_TOO_DEEP';
  static override readonly title = 'GraphQL operation too deep';
}

/** An operation uses more aliases than `maxAliases` (fragments expanded: a spread counts each time). */
export class GraphQLTooManyAliasesError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES';
  static override readonly title = 'GraphQL operation has too many aliases';
}

/** A field carries more than `maxDirectivesPerField` directives, or an operation more than `maxDirectives`. */
export class GraphQLTooManyDirectivesError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_TOO_MANY_DIRECTIVES';
  static override readonly title = 'GraphQL operation has too many directives';
}

/** A batched HTTP request (a JSON array of operations) while batching is off, or a batch above `maxBatchSize`. */
export class GraphQLBatchRejectedError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_BATCH_REJECTED';
  static override readonly title = 'GraphQL batch rejected';
}

/** The operation's estimated cost is above `maxCost`. */
export class GraphQLCostExceededError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_COST_EXCEEDED';
  static override readonly title = 'GraphQL operation too expensive';
}

/** Safelist mode: the operation is not in the trusted documents manifest. */
export class GraphQLOperationNotTrustedError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED';
  static override readonly title = 'GraphQL operation not trusted';
}

/** A request a browser could send cross-site without a preflight (Apollo's CSRF prevention rule). */
export class GraphQLCsrfRejectedError extends GraphQLLimitError {
  static override readonly code = 'BFF_ERR_GRAPHQL_CSRF_REJECTED';
  static override readonly title = 'Request blocked as potential cross-site request forgery';
}

/** Every error class of this lib, for catalogs and docs. */
export const GRAPHQL_LIMIT_ERRORS = [
  GraphQLDocumentTooLargeError,
  GraphQLTooManyTokensError,
  GraphQLTooDeepError,
  GraphQLTooManyAliasesError,
  GraphQLTooManyDirectivesError,
  GraphQLBatchRejectedError,
  GraphQLCostExceededError,
  GraphQLOperationNotTrustedError,
  GraphQLCsrfRejectedError,
] as const;
