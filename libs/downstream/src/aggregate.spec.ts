import {
  CancelScope,
  ClientClosedRequestError,
  Deadline,
  RequestContextStore,
  type RequestContext,
} from '@bff/core';
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

  describe('inside a request context as core builds it (a CancelScope, the signal made on demand)', () => {
    const coreLikeContext = () => {
      const scope = new CancelScope();
      const reads = { signal: 0 };
      const ctx: RequestContext = {
        requestId: 'r1',
        trace: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' },
        deadline: Deadline.after(5_000),
        cancellation: scope,
        get signal() {
          reads.signal++;
          return scope.signal;
        },
        log: recordingLogger(),
        degraded: [],
      };
      return { ctx, scope, reads };
    };

    it("aborts a failed required part's siblings in flight, with no signal passed or created", async () => {
      const { ctx, reads } = coreLikeContext();
      const outcomes: string[] = [];
      const traced = createUpstreamClient(
        'traced',
        { baseUrl: upstream.url },
        { onCall: (e) => outcomes.push(e.outcome) },
      );
      try {
        const started = performance.now();
        const err = await RequestContextStore.run(ctx, () =>
          aggregate({
            user: required(() => down.get<User>('/users/u1')),
            orders: optional(() => traced.get<Page>('/hang')),
          }),
        ).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DownstreamUnavailableError);
        expect(performance.now() - started).toBeLessThan(100);
        await new Promise((resolve) => setImmediate(resolve));
        expect(outcomes).toEqual(['aborted']);
        expect(reads.signal).toBe(0);
      } finally {
        await traced.close();
      }
    });

    it("ends the parts' calls when the request is cancelled (client gone)", async () => {
      const { ctx, scope } = coreLikeContext();
      setTimeout(() => scope.cancel(new ClientClosedRequestError('client left')), 30);
      const err = await RequestContextStore.run(ctx, () =>
        aggregate({
          user: required(() => client.get<User>('/hang')),
          orders: optional(() => client.get<Page>('/hang')),
        }),
      ).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClientClosedRequestError);
    });

    it('does not warn of degraded parts once the request itself is over', async () => {
      const { ctx, scope } = coreLikeContext();
      setTimeout(() => scope.cancel(new ClientClosedRequestError('client left')), 30);
      const { degraded } = await RequestContextStore.run(ctx, () =>
        aggregate({ orders: optional(() => client.get<Page>('/hang')) }),
      );
      expect(degraded).toEqual([{ part: 'orders', code: ClientClosedRequestError.code }]);
      expect((ctx.log as ReturnType<typeof recordingLogger>).warnings).toEqual([]);
    });

    it('hands an AbortSignal to a fetcher that declares one, aborted with the failure', async () => {
      const { ctx } = coreLikeContext();
      let handed: AbortSignal | undefined;
      await RequestContextStore.run(ctx, () =>
        aggregate({
          user: required(() => down.get<User>('/users/u1')),
          orders: optional(async (signal) => {
            handed = signal;
            return client.get<Page>('/hang', { signal });
          }),
        }),
      ).catch(() => undefined);
      expect(handed).toMatchObject({ aborted: true, reason: expect.any(DownstreamUnavailableError) });
    });
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
