/**
 * Limits every GraphQL operation must pass before it executes. Each has a default that lets the web app's own
 * operations through with room to spare; `0` is never "unlimited" (omit the option for the default).
 */
export interface GraphQLLimits {
  /** Largest document (query text), in bytes of UTF-8. Default is 16384 (16 KiB). */
  maxDocumentBytes?: number;
  /** Most lexical tokens in a document (punctuators, names, values; comments excluded). Default is 1000. */
  maxTokens?: number;
  /** Deepest selection nesting of an operation, fragments expanded (a leaf field directly under a root field is depth 2). Default is 10. */
  maxDepth?: number;
  /** Most aliases in an operation, fragments expanded (`__typename` aliases excepted). Default is 15. */
  maxAliases?: number;
  /** Most directives on one field, fragment spread or inline fragment. Default is 5. */
  maxDirectivesPerField?: number;
  /** Most directives in an operation, fragments expanded. Default is 50. */
  maxDirectives?: number;
  /** Most operations in one batched HTTP request; `undefined` turns batching off. Default is off. */
  maxBatchSize?: number;
  /** Highest estimated cost of one operation (and of all operations of a batch together). Default is 1000. */
  maxCost?: number;
  /** Cost model details; see {@link CostModelOptions}. */
  cost?: CostModelOptions;
}

/**
 * Defaults of the static cost analysis (in the spirit of the IBM GraphQL Cost Directive specification): a
 * field's weight comes from its `cost` extension, else from these defaults; a list field multiplies the cost of
 * its selection by its size, read from its `listSize` extension (slicing arguments, else assumed size), else
 * {@link defaultListSize}.
 * @see https://ibm.github.io/graphql-specs/cost-spec.html
 */
export interface CostModelOptions {
  /** Weight of a field returning an object, interface or union without a `cost` extension. Default is 1. */
  objectCost?: number;
  /** Weight of a field returning a scalar or enum without a `cost` extension. Default is 0. */
  scalarCost?: number;
  /** Assumed size of a list field without a `listSize` extension. Default is 10. */
  defaultListSize?: number;
}

/** {@link GraphQLLimits} with every default applied. */
export interface ResolvedGraphQLLimits {
  maxDocumentBytes: number;
  maxTokens: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectivesPerField: number;
  maxDirectives: number;
  maxBatchSize: number | undefined;
  maxCost: number;
  cost: Required<CostModelOptions>;
}

/** The defaults, as documented on {@link GraphQLLimits}. */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<ResolvedGraphQLLimits> = Object.freeze({
  maxDocumentBytes: 16 * 1024,
  maxTokens: 1000,
  maxDepth: 10,
  maxAliases: 15,
  maxDirectivesPerField: 5,
  maxDirectives: 50,
  maxBatchSize: undefined,
  maxCost: 1000,
  cost: Object.freeze({ objectCost: 1, scalarCost: 0, defaultListSize: 10 }),
});

/**
 * Applies the defaults and validates every limit eagerly.
 * @throws TypeError naming the first invalid option
 */
export function resolveGraphQLLimits(limits: GraphQLLimits = {}): ResolvedGraphQLLimits {
  const d = DEFAULT_GRAPHQL_LIMITS;
  const resolved: ResolvedGraphQLLimits = {
    maxDocumentBytes: positiveInt('maxDocumentBytes', limits.maxDocumentBytes ?? d.maxDocumentBytes),
    maxTokens: positiveInt('maxTokens', limits.maxTokens ?? d.maxTokens),
    maxDepth: positiveInt('maxDepth', limits.maxDepth ?? d.maxDepth),
    maxAliases: nonNegativeInt('maxAliases', limits.maxAliases ?? d.maxAliases),
    maxDirectivesPerField: nonNegativeInt(
      'maxDirectivesPerField',
      limits.maxDirectivesPerField ?? d.maxDirectivesPerField,
    ),
    maxDirectives: nonNegativeInt('maxDirectives', limits.maxDirectives ?? d.maxDirectives),
    maxBatchSize:
      limits.maxBatchSize === undefined ? undefined : positiveInt('maxBatchSize', limits.maxBatchSize),
    maxCost: positiveNumber('maxCost', limits.maxCost ?? d.maxCost),
    cost: {
      objectCost: nonNegativeNumber('cost.objectCost', limits.cost?.objectCost ?? d.cost.objectCost),
      scalarCost: nonNegativeNumber('cost.scalarCost', limits.cost?.scalarCost ?? d.cost.scalarCost),
      defaultListSize: nonNegativeInt(
        'cost.defaultListSize',
        limits.cost?.defaultListSize ?? d.cost.defaultListSize,
      ),
    },
  };
  return resolved;
}

function positiveInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw new TypeError(`${name} must be a positive integer`);
  return v;
}

function nonNegativeInt(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new TypeError(`${name} must be a non-negative integer`);
  return v;
}

function positiveNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new TypeError(`${name} must be a positive number`);
  return v;
}

function nonNegativeNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new TypeError(`${name} must be a non-negative number`);
  return v;
}
