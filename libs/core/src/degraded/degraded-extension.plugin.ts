import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import { SETTLED } from '../async/settled';
import { RequestContextStore, type DegradedPart } from '../context';

/**
 * An Apollo Server plugin that puts the request's degraded parts (`RequestContextStore.current().degraded`,
 * filled by `aggregate()` and {@link markDegraded}) into the answer as `extensions.degraded`, in the same shape
 * as REST's `degraded: [{ part, code, stale? }]`. Answers with nothing degraded are left as they are.
 *
 * @example
 * GraphQLModule.forRoot<ApolloDriverConfig>({ ..., plugins: [degradedExtensionPlugin()] })
 * // { "data": { ... "stock": null ... }, "extensions": { "degraded": [{ "part": "stock", "code": "BFF_ERR_DOWNSTREAM_BAD_GATEWAY" }] } }
 */
export function degradedExtensionPlugin<
  TContext extends BaseContext = BaseContext,
>(): ApolloServerPlugin<TContext> {
  // One listener for every request (it keeps no state of its own), and settled promises shared by every
  // request rather than `async` hooks: two promises less per request.
  const listener: GraphQLRequestListener<TContext> = {
    willSendResponse({ response }) {
      const degraded = RequestContextStore.current()?.degraded;
      if (!degraded || degraded.length === 0 || response.body.kind !== 'single') return SETTLED;
      const result = response.body.singleResult;
      result.extensions = { ...result.extensions, degraded: distinct(degraded) };
      return SETTLED;
    },
  };
  const started = Promise.resolve(listener);
  return {
    requestDidStart: () => started,
  };
}

/** The entries without repeats (the same part and code recorded by several units of work). */
function distinct(degraded: readonly DegradedPart[]): DegradedPart[] {
  const seen = new Set<string>();
  const out: DegradedPart[] = [];
  for (const entry of degraded) {
    const key = `${entry.part}\u0000${entry.code}\u0000${entry.stale === true}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(
      entry.stale
        ? { part: entry.part, code: entry.code, stale: true }
        : { part: entry.part, code: entry.code },
    );
  }
  return out;
}
