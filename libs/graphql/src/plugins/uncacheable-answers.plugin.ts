import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { SETTLED } from '@bff/core';

/** What Apollo's cache control plugin answers when nothing in the operation may be cached. */
export const UNCACHEABLE = 'no-store';

/** The `cache-control` values Apollo's cache control plugin understands (anything else it leaves alone). */
const PARSABLE_CACHE_CONTROL = /^(?:no-store|max-age=\d+, (?:public|private))$/;

/**
 * Apollo's cache control, replaced by what it answers for a schema without cache hints: `cache-control: no-store`
 * on every answer. A BFF's answers are shaped for one caller, so they carry no `@cacheControl` hints, yet Apollo's
 * default cache control plugin runs a `willResolveField` hook on every field of every operation (a cache policy
 * object per field, and Apollo then wraps every resolver of the schema to dispatch the hook): on the web-bff's
 * viewer query, about 260 field resolutions per request. These two plugins give the same header with one hook per
 * request, and no per-field hook at all.
 *
 * As Apollo does, a `cache-control` header already set in its own grammar (`no-store`, `max-age=N, public|private`)
 * is replaced by `no-store`, any other value is left alone.
 *
 * @example new ApolloServer({ schema, plugins: [...uncacheableAnswersPlugins()] }) // answers: cache-control: no-store
 */
export function uncacheableAnswersPlugins(): ApolloServerPlugin<BaseContext>[] {
  // settled promises shared by every request rather than `async` hooks: two promises less per request
  const listener: GraphQLRequestListener<BaseContext> = {
    willSendResponse({ response }) {
      const existing = response.http.headers.get('cache-control');
      if (existing === undefined || PARSABLE_CACHE_CONTROL.test(existing))
        response.http.headers.set('cache-control', UNCACHEABLE);
      return SETTLED;
    },
  };
  const started = Promise.resolve(listener);
  return [ApolloServerPluginCacheControlDisabled(), { requestDidStart: () => started }];
}
