import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContext,
  GraphQLRequestExecutionListener,
  GraphQLRequestListener,
  GraphQLResponse,
} from '@apollo/server';
import { SETTLED } from '@bff/core';

type Listener<C extends BaseContext> = GraphQLRequestListener<C>;
type EndHook = (...args: never[]) => Promise<void>;

const NO_RESPONSE: Promise<null> = Promise.resolve(null);

/**
 * Apollo Server plugins that only listen to requests, run as one plugin with one request listener.
 *
 * Apollo calls every stage hook of every request listener through `Promise.all` (`didResolveSource`,
 * `didResolveOperation`, `responseForOperation`, `executionDidStart`, `willSendResponse`, ...), whether the listener
 * defines the hook or not: each listener costs two or three promises per stage, about a dozen per request, each of
 * them paying AsyncLocalStorage's promise hooks on Node 20. The framework's own plugins (limits, cache control,
 * rate limit, degraded parts) are four listeners; merged, they are one (web-bff viewer query: 503 -> 480 promises
 * per request, see bench/WEB.md).
 *
 * What Apollo does is kept: every listener's hook is called, in the plugins' order and before any of them is
 * awaited, and the stage waits for all of them, failing with the first rejection; `responseForOperation` asks
 * the listeners in turn until one answers; the end hooks run in reverse order. Plugins with server hooks
 * (`serverWillStart`, `startupDidFail`, ...) or Apollo's own built-in and disabled markers
 * (`__internal_plugin_id__`) are passed through unchanged, in place.
 *
 * @example plugins: mergeApolloPlugins([graphQLLimitsPlugin({ limits }), rateLimitGraphQLPlugin(), degradedExtensionPlugin()])
 */
export function mergeApolloPlugins<C extends BaseContext = BaseContext>(
  plugins: readonly ApolloServerPlugin<C>[],
): ApolloServerPlugin<C>[] {
  const listening = plugins.filter(onlyListensToRequests);
  if (listening.length < 2) return [...plugins];
  const merged: ApolloServerPlugin<C> = {
    requestDidStart(rc: GraphQLRequestContext<C>) {
      return Promise.all(listening.map((p) => p.requestDidStart!(rc))).then((found) => {
        const listeners = found.filter((l): l is Listener<C> => l !== undefined && l !== null);
        if (listeners.length < 2) return listeners[0];
        return new MergedListener(listeners);
      });
    },
  };
  const out: ApolloServerPlugin<C>[] = [];
  for (const plugin of plugins) {
    if (!onlyListensToRequests(plugin)) out.push(plugin);
    else if (plugin === listening[0]) out.push(merged);
  }
  return out;
}

function onlyListensToRequests(plugin: ApolloServerPlugin<never>): boolean {
  const keys = Object.keys(plugin);
  return keys.length === 1 && keys[0] === 'requestDidStart' && typeof plugin.requestDidStart === 'function';
}

/** One request's listeners, answering each of Apollo's hooks as Apollo would for all of them. */
class MergedListener<C extends BaseContext> implements Listener<C> {
  constructor(private readonly listeners: readonly Listener<C>[]) {}

  didResolveSource(rc: Parameters<NonNullable<Listener<C>['didResolveSource']>>[0]): Promise<void> {
    return this.all((l) => l.didResolveSource?.(rc));
  }

  parsingDidStart(rc: Parameters<NonNullable<Listener<C>['parsingDidStart']>>[0]) {
    return this.started((l) => l.parsingDidStart?.(rc));
  }

  validationDidStart(rc: Parameters<NonNullable<Listener<C>['validationDidStart']>>[0]) {
    return this.started((l) => l.validationDidStart?.(rc));
  }

  didResolveOperation(rc: Parameters<NonNullable<Listener<C>['didResolveOperation']>>[0]): Promise<void> {
    return this.all((l) => l.didResolveOperation?.(rc));
  }

  didEncounterErrors(rc: Parameters<NonNullable<Listener<C>['didEncounterErrors']>>[0]): Promise<void> {
    return this.all((l) => l.didEncounterErrors?.(rc));
  }

  responseForOperation(
    rc: Parameters<NonNullable<Listener<C>['responseForOperation']>>[0],
  ): Promise<GraphQLResponse | null> {
    const asking = this.listeners.filter((l) => l.responseForOperation !== undefined);
    if (asking.length === 0) return NO_RESPONSE;
    return (async () => {
      for (const l of asking) {
        const response = await l.responseForOperation!(rc);
        if (response != null) return response;
      }
      return null;
    })();
  }

  executionDidStart(
    rc: Parameters<NonNullable<Listener<C>['executionDidStart']>>[0],
  ): Promise<GraphQLRequestExecutionListener<C> | void> {
    const pending = this.results((l) => l.executionDidStart?.(rc));
    if (pending === undefined) return SETTLED;
    return pending.then((found) => mergeExecutionListeners(found));
  }

  willSendResponse(rc: Parameters<NonNullable<Listener<C>['willSendResponse']>>[0]): Promise<void> {
    return this.all((l) => l.willSendResponse?.(rc));
  }

  didEncounterSubsequentErrors(
    ...args: Parameters<NonNullable<Listener<C>['didEncounterSubsequentErrors']>>
  ): Promise<void> {
    return this.all((l) => l.didEncounterSubsequentErrors?.(...args));
  }

  willSendSubsequentPayload(
    ...args: Parameters<NonNullable<Listener<C>['willSendSubsequentPayload']>>
  ): Promise<void> {
    return this.all((l) => l.willSendSubsequentPayload?.(...args));
  }

  /** Calls the hook on every listener that has it, then waits for all (first rejection wins). */
  private all(call: (l: Listener<C>) => Promise<unknown> | undefined): Promise<void> {
    const pending = this.results(call);
    return pending === undefined ? SETTLED : pending.then(noop);
  }

  /** A start hook: waits for every listener's, and answers one end hook calling theirs in reverse order. */
  private started<E extends EndHook>(
    call: (l: Listener<C>) => Promise<E | void> | undefined,
  ): Promise<E | void> {
    const pending = this.results(call);
    if (pending === undefined) return SETTLED;
    return pending.then((found) => {
      const ends = found.filter((end): end is E => typeof end === 'function').reverse();
      if (ends.length < 2) return ends[0];
      // as Apollo does: each end hook called, none awaited
      return ((...args: never[]) => {
        for (const end of ends) void end(...args);
        return SETTLED;
      }) as E;
    });
  }

  /**
   * What the listeners answered, or undefined when none has the hook or all answered `SETTLED`; a synchronous
   * throw becomes a rejection.
   */
  private results<T>(call: (l: Listener<C>) => Promise<T> | undefined): Promise<T[]> | undefined {
    let results: Promise<T>[] | undefined;
    for (const listener of this.listeners) {
      let result: Promise<T> | undefined;
      try {
        result = call(listener);
      } catch (err) {
        result = Promise.reject(err);
      }
      // a hook that finished synchronously (answered SETTLED) is not waited for
      if (result !== undefined && result !== SETTLED) (results ??= []).push(result);
    }
    if (results === undefined) return undefined;
    return results.length === 1 ? results[0].then((one) => [one]) : Promise.all(results);
  }
}

function mergeExecutionListeners<C extends BaseContext>(
  found: readonly (GraphQLRequestExecutionListener<C> | void)[],
): GraphQLRequestExecutionListener<C> | undefined {
  // as Apollo does: execution listeners in reverse order, the end hooks of willResolveField reversed again
  const listeners = found.filter((l): l is GraphQLRequestExecutionListener<C> => !!l).reverse();
  if (listeners.length < 2) return listeners[0];
  const ending = listeners.filter((l) => l.executionDidEnd !== undefined);
  const resolving = listeners.filter((l) => l.willResolveField !== undefined);
  const merged: GraphQLRequestExecutionListener<C> = {};
  // Apollo instruments every resolver of the schema only when some listener has willResolveField.
  if (ending.length > 0)
    merged.executionDidEnd = (err) => Promise.all(ending.map((l) => l.executionDidEnd!(err))).then(noop);
  if (resolving.length > 0)
    merged.willResolveField = (params) => {
      const ends = resolving.map((l) => l.willResolveField!(params)).filter((end) => !!end);
      if (ends.length === 0) return;
      return (error, result) => {
        for (let i = ends.length - 1; i >= 0; i--) ends[i]!(error, result);
      };
    };
  return merged;
}

function noop(): void {}
