import { RequestContextStore } from '@bff/core';
import {
  batchByIds,
  createBatchLoader,
  createUpstreamClient,
  DownstreamBadGatewayError,
  loadNow,
  DownstreamUnavailableError,
  type UpstreamClient,
} from '@bff/downstream';
import { json, refusedPort, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

interface Product {
  id: string;
  name: string;
}

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `p${from + i}`);

describe('batch loaders', () => {
  let catalog: TestUpstream;
  let client: UpstreamClient;
  let down: UpstreamClient;

  beforeAll(async () => {
    catalog = await startUpstream((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/broken') return json(res, 400, { error: 'bad ids' });
      const wanted = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean);
      const items = wanted.filter((id) => id !== 'missing').map((id) => ({ id, name: `Product ${id}` }));
      json(res, 200, { items });
    });
    client = createUpstreamClient('catalog', { baseUrl: catalog.url });
    down = createUpstreamClient('catalog', { baseUrl: `http://127.0.0.1:${await refusedPort()}` });
  });

  afterAll(async () => {
    await Promise.all([client.close(), down.close()]);
    await catalog.close();
  });

  beforeEach(() => (catalog.requests.length = 0));

  const productLoader = (
    opts: { maxBatchSize?: number; chunk?: number; path?: string; on?: UpstreamClient } = {},
  ) =>
    createBatchLoader({
      name: 'products',
      maxBatchSize: opts.maxBatchSize,
      load: batchByIds(opts.on ?? client, {
        path: opts.path ?? '/products',
        param: 'ids',
        idOf: (p: Product) => p.id,
        maxBatchSize: opts.chunk,
      }),
    });
  const idsOf = (i: number) =>
    new URL(catalog.requests[i].url, 'http://x').searchParams.get('ids')!.split(',');

  it('batches 30 loads issued across ticks of one request into one upstream call; missing keys are null', async () => {
    const { ctx } = testContext();
    const loader = productLoader();
    const results = await RequestContextStore.run(ctx, async () => {
      const pending: Promise<Product | null>[] = [];
      for (const id of [...ids(29), 'missing']) {
        pending.push(loader.load(id));
        await Promise.resolve(); // a later microtask tick of the same request
      }
      return Promise.all(pending);
    });
    expect(catalog.requests).toHaveLength(1);
    expect(idsOf(0)).toHaveLength(30);
    expect(catalog.requests[0].headers['x-request-id']).toBe('req-123');
    expect(results[0]).toEqual({ id: 'p1', name: 'Product p1' });
    expect(results[29]).toBeNull();
  });

  it('dedupes keys and caches per loader', async () => {
    const loader = productLoader();
    await Promise.all([loader.load('p1'), loader.load('p1'), loader.load('p2')]);
    await loader.load('p2');
    expect(catalog.requests).toHaveLength(1);
    expect(idsOf(0)).toEqual(['p1', 'p2']);
  });

  it('splits 250 keys into batches of maxBatchSize (default 100)', async () => {
    const results = await productLoader().loadMany(ids(250));
    expect(catalog.requests.map((_, i) => idsOf(i).length).sort((a, b) => b - a)).toEqual([100, 100, 50]);
    expect(results).toHaveLength(250);
    expect(results[249]).toEqual({ id: 'p250', name: 'Product p250' });
  });

  it('splits one batch into upstream calls of batchByIds maxBatchSize', async () => {
    await productLoader({ chunk: 40 }).loadMany(ids(100));
    expect(catalog.requests.map((_, i) => idsOf(i).length).sort((a, b) => b - a)).toEqual([40, 40, 20]);
  });

  it('rejects every key of a failed batch with the mapped error', async () => {
    const results = await productLoader({ on: down }).loadMany(['p1', 'p2']);
    expect(results[0]).toBeInstanceOf(DownstreamUnavailableError);
    expect(results[1]).toBeInstanceOf(DownstreamUnavailableError);
  });

  it('does not cache a failed batch: a later load retries', async () => {
    let calls = 0;
    const loader = createBatchLoader<string, number>({
      name: 'flaky',
      load: async (keys) => {
        if (++calls === 1)
          throw new DownstreamUnavailableError('flaky', 'An upstream service could not be reached.', {
            retryAfterSec: 1,
          });
        return new Map(keys.map((k) => [k, k.length]));
      },
    });
    await expect(loader.load('abc')).rejects.toBeInstanceOf(DownstreamUnavailableError);
    await expect(loader.load('abc')).resolves.toBe(3);
    expect(calls).toBe(2);
  });

  it('an optional part: a failed batch degrades the part once and resolves each key to null, not cached', async () => {
    const { ctx } = testContext();
    let calls = 0;
    const loader = createBatchLoader<string, number>({
      name: 'stock',
      optionalPart: 'stock',
      load: async (keys) => {
        if (++calls === 1)
          throw new DownstreamUnavailableError('inventory', 'An upstream service could not be reached.', {
            retryAfterSec: 1,
          });
        return new Map(keys.map((k) => [k, k.length]));
      },
    });
    const [first, again] = await RequestContextStore.run(ctx, async () => {
      const failed = await loader.loadMany(['a', 'bb', 'ccc']);
      return [failed, await loader.load('bb')];
    });
    expect(first).toEqual([null, null, null]);
    expect(ctx.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_UNAVAILABLE' }]);
    expect(again).toBe(2); // the failure was not cached: loaded again
    expect(calls).toBe(2);
  });

  it('loadNow answers a settled key synchronously (missing: null), an unknown one with a promise', async () => {
    const loader = productLoader();
    const pending = loadNow(loader, 'p1');
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    await loader.loadMany(['p2', 'missing']);
    expect(loadNow(loader, 'p1')).toEqual({ id: 'p1', name: 'Product p1' });
    expect(loadNow(loader, 'p2')).toEqual({ id: 'p2', name: 'Product p2' });
    expect(loadNow(loader, 'missing')).toBeNull();
    expect(catalog.requests).toHaveLength(2);
  });

  it("loadNow throws a failed batch's error for its keys, with no second upstream call", async () => {
    const loader = productLoader({ on: down });
    await loader.loadMany(['p1', 'p2']);
    expect(() => loadNow(loader, 'p1')).toThrow(DownstreamUnavailableError);
    const optional = createBatchLoader<string, number>({
      name: 'stock',
      optionalPart: 'stock',
      load: async () => {
        throw new DownstreamUnavailableError('inventory', 'An upstream service could not be reached.', {
          retryAfterSec: 1,
        });
      },
    });
    await optional.load('a');
    expect(loadNow(optional, 'a')).toBeNull(); // degraded: null, and not asked again
  });

  it('treats a non-404 4xx answer to a batch request as a bad gateway', async () => {
    await expect(productLoader({ path: '/broken' }).load('p1')).rejects.toBeInstanceOf(
      DownstreamBadGatewayError,
    );
  });

  it('wraps an uncoded batch failure as BFF_ERR_INTERNAL', async () => {
    const loader = createBatchLoader<string, number>({
      name: 'numbers',
      load: async () => {
        throw new Error('bug');
      },
    });
    await expect(loader.load('a')).rejects.toMatchObject({ code: 'BFF_ERR_INTERNAL' });
  });

  it('rejects an invalid maxBatchSize', () => {
    expect(() => createBatchLoader({ name: 'x', load: async () => new Map(), maxBatchSize: 0 })).toThrow(
      /maxBatchSize/,
    );
  });
});
