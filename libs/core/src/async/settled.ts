/**
 * One promise, already fulfilled, that hooks typed to return a promise answer when they finished synchronously
 * (the framework's Apollo plugin hooks): no promise is made per call, and a caller that knows it, such as
 * `mergeApolloPlugins` of `@bff/graphql`, skips waiting for it. Under Node 20's AsyncLocalStorage every promise
 * pays its hooks, so a shared settled one is cheaper than an `async` function's.
 * @example willSendResponse({ response }) { response.http.headers.set('x-a', '1'); return SETTLED; }
 */
export const SETTLED: Promise<void> = Promise.resolve();
