import { RequestContextStore } from '@bff/core';
import {
  aggregate,
  createUpstreamClient,
  DownstreamTimeoutError,
  DownstreamUnavailableError,
  optional,
  required,
  type UpstreamClient,
  type UpstreamResponse,
} from '@bff/downstream';
import {
  json,
  recordingLogger,
  refusedPort,
  startUpstream,
  testContext,
  type TestUpstream,
} from '../test/test-upstream';

interface User {
  id: string;
}
interface Page {
  items: string[];
}

describe('aggregate', () => {
  let upstream: TestUpstream;
  let client: UpstreamClient;
  let down: UpstreamClient;

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hang') return;
      const delay = req.url?.startsWith('/slow') ? 100 : 0;
      setTimeout(() => json(res, 200, req.url?.includes('orders') ? { items: ['o1'] } : { id: 'u1' }), delay);
    });
    client = createUpstreamClient('users', { baseUrl: upstream.url });
    down = createUpstreamClient('orders', { baseUrl: `http://127.0.0.1:${await refusedPort()}` });
    await Promise.all([client.get('/warm-up'), client.get('/warm-up')]); // open the sockets before timing
  });

  afterAll(async () => {
    await Promise.all([client.close(), down.close()]);
    await upstream.close();
  });

  it('runs parts in parallel and types each part', async () => {
    const started = performance.now();
    const { data, degraded } = await aggregate({
      user: required(() => client.get<User>('/slow/users/u1')),
      orders: optional(() => client.get<Page>('/slow/orders')),
    });
    expect(performance.now() - started).toBeLessThan(180);
    const user: UpstreamResponse<User> = data.user;
    const orders: UpstreamResponse<Page> | undefined = data.orders;
    expect(user.body.id).toBe('u1');
    expect(orders?.body.items).toEqual(['o1']);
    expect(degraded).toEqual([]);
  });

  it('degrades a failed optional part: undefined data, listed in degraded, logged at warn', async () => {
    const log = recordingLogger();
    const { ctx } = testContext({ log });
    const { data, degraded } = await RequestContextStore.run(ctx, () =>
      aggregate({
        user: required(() => client.get<User>('/users/u1')),
        orders: optional(() => client.get<Page>('/hang', { timeoutMs: 50 })),
        stock: optional(() => down.get<Page>('/stock')),
      }),
    );
    expect(data.user.body.id).toBe('u1');
    expect(data.orders).toBeUndefined();
    expect(data.stock).toBeUndefined();
    expect(degraded).toEqual([
      { part: 'orders', code: DownstreamTimeoutError.code },
      { part: 'stock', code: DownstreamUnavailableError.code },
    ]);
    expect(log.warnings.map((w) => w.obj)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: 'orders', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }),
      ]),
    );
  });

  it('uses the fallback of a failed optional part', async () => {
    const { data, degraded } = await aggregate(
      { orders: optional(() => down.get<Page>('/orders').then((r) => r.body), { fallback: { items: [] } }) },
      { log: recordingLogger() },
    );
    const page: Page = data.orders;
    expect(page).toEqual({ items: [] });
    expect(degraded).toHaveLength(1);
  });

  it('rejects at once with the mapped error of a failed required part and aborts the others', async () => {
    let otherSignal: AbortSignal | undefined;
    const started = performance.now();
    const err = await aggregate({
      user: required(() => down.get<User>('/users/u1')),
      orders: optional((signal) => {
        otherSignal = signal;
        return client.get<Page>('/hang', { signal });
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownstreamUnavailableError);
    expect(performance.now() - started).toBeLessThan(100);
    expect(otherSignal?.aborted).toBe(true);
  });

  it('wraps an uncoded failure as BFF_ERR_INTERNAL', async () => {
    await expect(
      aggregate({
        broken: required(async () => {
          throw new TypeError('bug');
        }),
      }),
    ).rejects.toMatchObject({ code: 'BFF_ERR_INTERNAL', cause: expect.any(TypeError) });
    const { degraded } = await aggregate(
      {
        sync: optional((): Promise<number> => {
          throw new Error('thrown synchronously');
        }),
      },
      { log: recordingLogger() },
    );
    expect(degraded).toEqual([{ part: 'sync', code: 'BFF_ERR_INTERNAL' }]);
  });

  it('resolves an empty aggregate', async () => {
    await expect(aggregate({})).resolves.toEqual({ data: {}, degraded: [] });
  });
});
