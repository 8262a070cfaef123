import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import type { Principal } from '@bff/core';
import { formatLimitErrors, SUGGESTION_MASK } from './graphql-errors.format';
import { graphQLLimitsPlugin, type OperationCost } from './graphql-limits.plugin';
import {
  resolveGraphQLLimits,
  type GraphQLLimits,
  type ResolvedGraphQLLimits,
} from './graphql-limits.options';
import { limitValidationRules } from './limits/limit-rules';
import { guardGraphQLContext, manifestCache } from './limits/request-guard';
import { mergeApolloPlugins } from './plugins/merged-plugins';
import { uncacheableAnswersPlugins } from './plugins/uncacheable-answers.plugin';
import {
  parsePersistedOperationManifest,
  type PersistedOperationManifest,
} from './persisted/persisted-operations';

/** How operations may be sent by id. */
export type PersistedOperationsOptions =
  /** Apollo's automatic persisted queries: clients register any document by its hash (bounded cache). */
  | { mode: 'apq' }
  /** Trusted documents: only the manifest's operations run (by id, or by their exact text). */
  | { mode: 'safelist'; manifest: PersistedOperationManifest }
  /** Documents only; ids are refused. */
  | { mode: 'off' };

/** Options of {@link graphQLHardening}. */
export interface GraphQLHardeningOptions {
  /**
   * Production defaults: introspection off, suggestions masked, messages of errors without a framework code
   * masked, landing page off. The app decides (e.g. from `NODE_ENV`); the lib never reads the environment.
   */
  production: boolean;
  /** The limits; see {@link GraphQLLimits} for each default. */
  limits?: GraphQLLimits;
  /** Default is `!production`. */
  introspection?: boolean;
  /** A GraphiQL explorer on `GET <path>` for browsers. Default is `!production`. */
  landingPage?: boolean;
  /** Default is `{ mode: 'apq' }`. */
  persistedOperations?: PersistedOperationsOptions;
  /** Scope that shows `extensions.cost` to a caller. Default is `bff:debug`. */
  debugScope?: string;
  /** The caller, for the debug extension. Default: the request context's principal, else `contextValue.req.principal`. */
  principalOf?: (contextValue: BaseContext) => Principal | undefined;
  /** Called once per accepted operation with its estimated cost. */
  onOperation?: (operation: OperationCost, contextValue: BaseContext) => void;
  /**
   * Apollo's cache control (`@cacheControl` hints, `info.cacheControl`, `cache-control: max-age=...` on
   * cacheable answers). Default is false: every answer is `cache-control: no-store`, as Apollo answers for a
   * schema without hints, without its per-field hook ({@link uncacheableAnswersPlugins}).
   */
  cacheHints?: boolean;
  /**
   * The app's own request plugins (a rate limit charging the operation's cost, degraded parts, ...), run after
   * the limits plugin, in this order, merged with the framework's into one request listener
   * ({@link mergeApolloPlugins}).
   */
  plugins?: readonly ApolloServerPlugin<BaseContext>[];
}

type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/** What {@link graphQLHardening} gives an app to spread into its GraphQL module options. */
export interface GraphQLHardening {
  /** The resolved limits. */
  readonly limits: ResolvedGraphQLLimits;
  /**
   * Apollo/Nest options: limits, persisted operations, CSRF prevention, introspection, landing page, and the
   * plugins (the framework's and {@link GraphQLHardeningOptions.plugins}, as one request listener).
   */
  readonly apolloOptions: Pick<
    ApolloDriverConfig,
    | 'introspection'
    | 'nodeEnv'
    | 'csrfPrevention'
    | 'persistedQueries'
    | 'allowBatchedHttpRequests'
    | 'validationRules'
    | 'plugins'
    | 'graphiql'
    | 'playground'
    | 'includeStacktraceInErrorResponses'
  >;
  /** Wraps the app's `formatError` (limit codes kept, production masking). */
  formatError(inner: FormatError): FormatError;
  /** Wraps the app's context factory: the checks on the raw request (see {@link guardGraphQLContext}). */
  context<A extends [unknown, ...unknown[]], C>(
    factory: (...args: A) => C | Promise<C>,
  ): (...args: A) => C | Promise<C>;
}

/**
 * Everything that keeps one cheap GraphQL request from making a BFF do unbounded work, as options for
 * `GraphQLModule.forRoot` with the Apollo driver. All limits run before execution.
 *
 * @example
 * const hardening = graphQLHardening({ production: config.graphql.production, limits: config.graphql.limits });
 * GraphQLModule.forRootAsync<ApolloDriverConfig>({ driver: ApolloDriver, useFactory: () => ({
 *   autoSchemaFile: true, ...hardening.apolloOptions,
 *   formatError: hardening.formatError(formatGraphQLError), context: hardening.context(contextFactory),
 * }) });
 * @throws TypeError on an invalid limit or manifest
 */
export function graphQLHardening(options: GraphQLHardeningOptions): GraphQLHardening {
  const limits = resolveGraphQLLimits(options.limits);
  const production = options.production;
  const introspection = options.introspection ?? !production;
  const landingPage = options.landingPage ?? !production;
  const persisted = options.persistedOperations ?? { mode: 'apq' };
  if (persisted.mode === 'safelist') parsePersistedOperationManifest(persisted.manifest);

  const plugins = mergeApolloPlugins([
    graphQLLimitsPlugin({
      limits,
      debugScope: options.debugScope,
      principalOf: options.principalOf,
      onOperation: options.onOperation,
    }),
    ...(production ? [suggestionsMaskPlugin()] : []),
    ...(options.cacheHints ? [] : uncacheableAnswersPlugins()),
    ...(options.plugins ?? []),
  ]);

  return {
    limits,
    apolloOptions: {
      nodeEnv: production ? 'production' : 'development',
      introspection,
      includeStacktraceInErrorResponses: false,
      // Done by guardGraphQLContext, which lets a GET of a persisted id through.
      csrfPrevention: false,
      persistedQueries:
        persisted.mode === 'apq'
          ? {}
          : persisted.mode === 'safelist'
            ? { cache: manifestCache(persisted.manifest) }
            : false,
      allowBatchedHttpRequests: limits.maxBatchSize !== undefined,
      validationRules: limitValidationRules(limits),
      plugins,
      graphiql: landingPage,
      playground: false,
    },
    formatError: (inner) => formatLimitErrors(inner, { mask: production }),
    context: (factory) =>
      guardGraphQLContext(factory, {
        limits,
        manifest: persisted.mode === 'safelist' ? persisted.manifest : undefined,
      }),
  };
}

/** GraphQL Armor's field suggestion masking, run on Apollo's validation errors before they are answered. */
function suggestionsMaskPlugin(): ApolloServerPlugin<BaseContext> {
  const armor = blockFieldSuggestionsPlugin({ mask: SUGGESTION_MASK }) as unknown as {
    onValidate(): (end: {
      valid: boolean;
      result: readonly GraphQLError[];
      setResult(r: unknown): void;
    }) => void;
  };
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            // armor rewrites each error's message in place
            if (errors?.length)
              armor.onValidate()({
                valid: false,
                result: errors as readonly GraphQLError[],
                setResult: () => undefined,
              });
          };
        },
      };
    },
  };
}
