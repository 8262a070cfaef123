import DataLoader from 'dataloader';
import { InternalError, isBffError, markDegraded } from '@bff/core';
import type { CallOptions } from './downstream.options';
import { badGateway } from './upstream-failure';
import type { UpstreamClient } from './upstream.client';

/** Loads many keys in one call; keys absent from the returned map resolve to `null`. */
export type BatchLoadFn<K, V> = (keys: readonly K[]) => Promise<Map<K, V>>;

/** Options of {@link createBatchLoader}. */
export interface BatchLoaderOptions<K, V> {
  /** Name used in errors and as the DataLoader's `name`, e.g. `products`. */
  name: string;
  load: BatchLoadFn<K, V>;
  /** Most keys handed to `load` at once; more are split into several batches. Default is 100. */
  maxBatchSize?: number;
  /**
   * The optional part this loader serves, e.g. `stock`: a failed batch then marks the part degraded once
   * (`markDegraded(part, err)`, so the answer lists it) and resolves each of its keys to `null`, instead of
   * rejecting each key. A resolver returns the loader's promise as it is, with no catch of its own per field.
   * The failure is not cached: a later load of those keys tries again. Default: none (keys reject).
   */
  optionalPart?: string;
}

/**
 * A DataLoader over a batch load function: loads issued in the same tick become one batch, missing keys
 * resolve to `null`, and a failed batch rejects each of its keys with the coded error. Its cache lives as
 * long as the loader, so create loaders PER REQUEST (e.g. in the GraphQL context factory), never as singletons.
 *
 * @example
 * context: () => ({ loaders: { product: createBatchLoader({ name: 'products', load: batchByIds(catalog, { path: '/products', idOf: (p: Product) => p.id }) }) } })
 * const product = await ctx.loaders.product.load('p1'); // Product | null
 * @throws (per key, unless `optionalPart` is set) the batch's coded error, e.g. BFF_ERR_DOWNSTREAM_TIMEOUT, or
 *   InternalError (BFF_ERR_INTERNAL)
 */
export function createBatchLoader<K, V>(options: BatchLoaderOptions<K, V>): DataLoader<K, V | null> {
  const maxBatchSize = options.maxBatchSize ?? 100;
  if (!Number.isInteger(maxBatchSize) || maxBatchSize < 1) {
    throw new TypeError(`Batch loader "${options.name}": maxBatchSize must be a positive integer`);
  }
  const coded = (err: unknown) =>
    isBffError(err) ? err : new InternalError(`Batch loader "${options.name}" failed`, { cause: err });
  // what each key's batch settled to, for loadNow
  const settled = new Map<K, Settled>();
  const failed = (keys: readonly K[], err: unknown): never => {
    const error = coded(err);
    for (const key of keys) settled.set(key, { error });
    // thrown (not returned per key) so DataLoader does not cache the failure
    throw error;
  };
  const part = options.optionalPart;
  /** A failed batch of an optional part: degraded once, each key null, and not cached (as a rejection is not). */
  const degrade = (keys: readonly K[], err: unknown): null[] => {
    markDegraded(part!, coded(err));
    for (const key of keys) {
      loader.clear(key);
      settled.set(key, { value: null });
    }
    return keys.map(() => null);
  };
  // `then` chains rather than `async` functions here and below: one promise per step instead of two, each
  // costing twice under AsyncLocalStorage's hooks, on every batch of every request.
  const loader = new DataLoader<K, V | null>(
    function batchLoad(keys) {
      let loading: Promise<Map<K, V>>;
      try {
        loading = options.load(keys);
      } catch (err) {
        if (part !== undefined) return Promise.resolve(degrade(keys, err));
        loading = Promise.reject(err); // failed below, as a rejection of the batch
      }
      return loading.then(
        (found) =>
          keys.map((key) => {
            const value = found.has(key) ? (found.get(key) as V) : null;
            settled.set(key, { value });
            return value;
          }),
        (err: unknown) => (part === undefined ? failed(keys, err) : degrade(keys, err)),
      );
    },
    { maxBatchSize, name: options.name },
  );
  settledOf.set(loader, settled);
  return loader;
}

/** What a key's batch settled to: its value (`null` when missing or degraded), or the batch's coded error. */
type Settled = { value: unknown } | { error: unknown };

/** The settled keys of each loader made by {@link createBatchLoader}. */
const settledOf = new WeakMap<object, Map<unknown, Settled>>();

/**
 * `loader.load(key)`, answered synchronously when a batch of this loader already settled for `key`: its value,
 * or its error thrown. A GraphQL field resolver returning it gives graphql-js a plain value instead of a promise
 * once the keys were loaded ahead (e.g. `loadMany` of a whole level by the parent's resolver, see `selectsPath`
 * of `@bff/graphql`): no promise for the field, none for the object holding it, none for the list holding that
 * (graphql-js makes one per object with a pending field, and per list with a pending item). The web-bff's viewer
 * query went from 454 to 229 promises per request with it (bench/WEB.md). A failed batch is answered as it
 * failed, for the rest of the loader's life (per request), where `load` would try again.
 * @example return loadNow(ctx.loaders.product, item.productId); // Product | null | Promise<Product | null>
 * @throws the batch's coded error, when it failed
 */
export function loadNow<K, V>(loader: DataLoader<K, V>, key: K): V | Promise<V> {
  const known = settledOf.get(loader)?.get(key);
  if (known === undefined) return loader.load(key);
  if ('error' in known) throw known.error;
  return known.value as V;
}

/** Options of {@link batchByIds}. */
export interface BatchByIdsOptions<V> {
  /** Path of the batch endpoint, e.g. `/products`. */
  path: string;
  /** Query parameter carrying the comma-separated ids. Default is `ids`. */
  param?: string;
  /** The id of one returned item. */
  idOf: (item: V) => string;
  /** The items in the response body. Default: the body itself, or its `items` array. */
  itemsOf?: (body: unknown) => readonly V[];
  /** Most ids per upstream call; more are split into parallel calls. Default is 100. */
  maxBatchSize?: number;
  /** Extra per-call options (extra query, headers, timeout). */
  call?: CallOptions;
}

/**
 * A batch load function over a `GET /path?ids=a,b` endpoint: dedupes the keys, splits them into
 * `maxBatchSize` chunks fetched in parallel, and indexes the items by `idOf`. A 404 means "none found";
 * any other non-2xx answer is a bad gateway (the BFF built the request, so the upstream should accept it).
 *
 * @example
 * const load = batchByIds(catalog, { path: '/products', idOf: (p: Product) => p.id });
 * const loader = createBatchLoader({ name: 'products', load });
 * @throws DownstreamBadGatewayError (BFF_ERR_DOWNSTREAM_BAD_GATEWAY) on a non-2xx answer or an unexpected body,
 *   plus every error of {@link UpstreamClient.get}
 */
export function batchByIds<V>(client: UpstreamClient, options: BatchByIdsOptions<V>): BatchLoadFn<string, V> {
  const param = options.param ?? 'ids';
  const size = options.maxBatchSize ?? 100;
  if (!Number.isInteger(size) || size < 1)
    throw new TypeError('batchByIds: maxBatchSize must be a positive integer');
  const itemsOf = options.itemsOf ?? defaultItemsOf;

  const fetchChunk = (chunk: readonly string[]): Promise<readonly V[]> => {
    const query = { ...options.call?.query, [param]: chunk.join(',') };
    return client.get<unknown>(options.path, { ...options.call, query }).then((res) => {
      if (res.status === 404) return [];
      if (!res.ok) throw badGateway(client.name, `answered ${res.status} to a batch request`);
      const items = itemsOf(res.body) as unknown;
      if (!Array.isArray(items)) throw badGateway(client.name, 'sent a batch response without an item list');
      return items as V[];
    });
  };
  const index = (pages: readonly (readonly V[])[]): Map<string, V> => {
    const byId = new Map<string, V>();
    for (const page of pages) for (const item of page) byId.set(options.idOf(item), item);
    return byId;
  };

  return function loadByIds(keys) {
    const ids = keys.length > 1 ? [...new Set(keys)] : keys;
    // One chunk (the common case) needs no splitting and no Promise.all.
    if (ids.length <= size) return fetchChunk(ids).then((page) => index([page]));
    return Promise.all(
      Array.from({ length: Math.ceil(ids.length / size) }, (_, i) =>
        fetchChunk(ids.slice(i * size, (i + 1) * size)),
      ),
    ).then(index);
  };
}

function defaultItemsOf<V>(body: unknown): readonly V[] {
  if (Array.isArray(body)) return body as V[];
  const items = (body as { items?: unknown } | null | undefined)?.items;
  return (Array.isArray(items) ? items : undefined) as V[];
}
