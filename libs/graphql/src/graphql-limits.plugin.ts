import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext } from '@apollo/server';
import { RequestContextStore, SETTLED, type Principal } from '@bff/core';
import { CostCache } from './cost/cost-cache';
import { GraphQLCostExceededError, GraphQLLimitError } from './graphql.errors';
import type { ResolvedGraphQLLimits } from './graphql-limits.options';
import { codedCause, toGraphQLError } from './limits/graphql-error';
import { COST_BUDGET, type CostBudgetHolder } from './limits/request-guard';

/** What the cost of one accepted operation is recorded as, on the request context and for the debug extension. */
export interface OperationCost {
  name?: string;
  type: 'query' | 'mutation' | 'subscription';
  /** Estimated cost; for a batch, the sum over its operations. */
  cost: number;
}

/** Options of {@link graphQLLimitsPlugin}. */
export interface GraphQLLimitsPluginOptions {
  limits: ResolvedGraphQLLimits;
  /** Scope that lets a caller see `extensions.cost = { estimated, limit }`. Default is `bff:debug`. */
  debugScope?: string;
  /**
   * The caller, to decide on the debug extension. Default: the request context's principal, else
   * `contextValue.req.principal`.
   */
  principalOf?: (contextValue: BaseContext) => Principal | undefined;
  /** Called once per accepted operation with its cost (logs, metrics). */
  onOperation?: (operation: OperationCost, contextValue: BaseContext) => void;
}

/**
 * The Apollo Server plugin that runs the cost limit before execution:
 * - the static cost of the chosen operation with the request's variables (`didResolveOperation`), also summed
 *   over a batch; the accepted cost is recorded on the request context (`RequestContextStore.current().operation`)
 *   and shown to principals with the debug scope as `extensions.cost`;
 * Depth, aliases and directives are validation rules ({@link limitValidationRules}); size, tokens, batches and
 * persisted operations are checked on the raw request ({@link guardGraphQLContext}).
 *
 * @example new ApolloServer({ schema, plugins: [graphQLLimitsPlugin({ limits: resolveGraphQLLimits() })] })
 * @throws (as a GraphQLError, HTTP 400) GraphQLCostExceededError (BFF_ERR_GRAPHQL_COST_EXCEEDED)
 */
export function graphQLLimitsPlugin(options: GraphQLLimitsPluginOptions): ApolloServerPlugin<BaseContext> {
  const { limits } = options;
  const debugScope = options.debugScope ?? 'bff:debug';
  const principalOf = options.principalOf ?? defaultPrincipalOf;
  // Apollo hands every request of a known query the same parsed document: its estimate is looked up, not redone.
  const costs = new CostCache();

  return {
    // hooks answering a shared settled promise rather than `async` ones: fewer promises per request
    requestDidStart() {
      let estimated: number | undefined;
      return Promise.resolve({
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            if (errors && errors.length > 1) limitErrorsFirst(errors as Error[]);
          };
        },
        didResolveOperation(rc) {
          const { operation, document, schema, contextValue } = rc;
          if (!operation) return SETTLED; // Apollo answers "unknown operation" itself
          const cost = costs.estimate({
            schema,
            document,
            operation,
            variables: rc.request.variables,
            model: limits.cost,
          });
          const budget = (contextValue as CostBudgetHolder)[COST_BUDGET];
          const before = budget?.spent ?? 0;
          if (cost > limits.maxCost)
            return refuse(
              new GraphQLCostExceededError(
                Number.isFinite(cost)
                  ? `The operation's estimated cost is ${cost}; at most ${limits.maxCost} is allowed.`
                  : `The operation is too complex to estimate; at most a cost of ${limits.maxCost} is allowed.`,
              ),
            );
          if (before + cost > limits.maxCost)
            return refuse(
              new GraphQLCostExceededError(
                `The batch's estimated cost is ${before + cost}; at most ${limits.maxCost} is allowed.`,
              ),
            );
          if (budget) budget.spent = before + cost;
          estimated = cost;
          const record: OperationCost = {
            ...(rc.operationName ? { name: rc.operationName } : {}),
            type: operation.operation,
            cost,
          };
          recordOnRequestContext(record);
          options.onOperation?.(record, contextValue);
          return SETTLED;
        },
        willSendResponse(rc: GraphQLRequestContext<BaseContext>) {
          const body = rc.response.body;
          if (estimated === undefined || body?.kind !== 'single') return SETTLED;
          if (!principalOf(rc.contextValue)?.scopes.includes(debugScope)) return SETTLED;
          const result = body.singleResult;
          result.extensions = { ...result.extensions, cost: { estimated, limit: limits.maxCost } };
          return SETTLED;
        },
      });
    },
  };
}

/** A limit's refusal, as the GraphQL error Apollo answers. */
function refuse(error: GraphQLLimitError): Promise<never> {
  return Promise.reject(toGraphQLError(error));
}

/**
 * Moves the limits' errors to the front (in place: Apollo answers with this very array), so the first error a
 * client reads names the limit rather than a side effect of the abuse (a repeated directive, say).
 */
function limitErrorsFirst(errors: Error[]): void {
  const isLimit = (e: Error) => codedCause(e) instanceof GraphQLLimitError;
  const sorted = [...errors.filter(isLimit), ...errors.filter((e) => !isLimit(e))];
  sorted.forEach((e, i) => (errors[i] = e));
}

function recordOnRequestContext(record: OperationCost): void {
  const ctx = RequestContextStore.current();
  if (!ctx) return;
  const prior = ctx.operation;
  ctx.operation = prior ? { ...prior, cost: prior.cost + record.cost } : record;
}

function defaultPrincipalOf(contextValue: BaseContext): Principal | undefined {
  return (
    RequestContextStore.current()?.principal ??
    (contextValue as { req?: { principal?: Principal } }).req?.principal
  );
}
