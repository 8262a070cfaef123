import { CancelScope, ClientClosedRequestError, RequestContextStore, type RequestContext } from '@bff/core';
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
  const waiting: (() => void)[] = [];

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hang') return;
      const answer = () => json(res, 200, req.url?.includes('orders') ? { items: ['o1'] } : { id: 'u1' });
      if (!req.url?.startsWith('/slow')) return answer();
      // A /slow request is answered only once two are in flight: parts run one after the other would hang.
      waiting.push(answer);
      if (waiting.length >= 2) waiting.splice(0).forEach((release) => release());
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
    const { data, degraded } = await aggregate({
      user: required(() => client.get<User>('/slow/users/u1')),
      orders: optional(() => client.get<Page>('/slow/orders')),
    });
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
    // The optional part hangs with no timeout: the aggregate settling at all shows it did not wait for it.
    const err = await aggregate({
      user: required(() => down.get<User>('/users/u1')),
      orders: optional((ctx) => {
        otherSignal = ctx.signal;
        return client.get<Page>('/hang', { signal: ctx.signal });
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownstreamUnavailableError);
    expect(otherSignal?.aborted).toBe(true);
  });

  describe('inside a request context (a cancellation scope, the signal made on demand)', () => {
    const coreLikeContext = () => {
      const { ctx } = testContext();
      return { ctx, scope: ctx.cancellation };
    };
    let signalReads: jest.SpyInstance;
    beforeEach(() => (signalReads = jest.spyOn(CancelScope.prototype, 'signal', 'get')));
    afterEach(() => signalReads.mockRestore());

    it("aborts a failed required part's siblings in flight, with no signal passed or created", async () => {
      const { ctx } = coreLikeContext();
      const outcomes: string[] = [];
      const traced = createUpstreamClient(
        'traced',
        { baseUrl: upstream.url },
        { onCall: (e) => outcomes.push(e.outcome) },
      );
      try {
        // The optional part hangs with no timeout: settling at all shows it was aborted.
        const err = await RequestContextStore.run(ctx, () =>
          aggregate({
            user: required(() => down.get<User>('/users/u1')),
            orders: optional(() => traced.get<Page>('/hang')),
          }),
        ).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(DownstreamUnavailableError);
        await new Promise((resolve) => setImmediate(resolve));
        expect(outcomes).toEqual(['aborted']);
        expect(signalReads).not.toHaveBeenCalled();
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

    it('hands every part its context, whose signal (made when read) aborts with the failure', async () => {
      const { ctx } = coreLikeContext();
      let handed: AbortSignal | undefined;
      let partCtx: RequestContext | undefined;
      await RequestContextStore.run(ctx, () =>
        aggregate({
          user: required(() => down.get<User>('/users/u1')),
          orders: optional(async (part) => {
            partCtx = part;
            handed = part.signal;
            return client.get<Page>('/hang', { signal: part.signal });
          }),
        }),
      ).catch(() => undefined);
      expect(handed).toMatchObject({ aborted: true, reason: expect.any(DownstreamUnavailableError) });
      expect(partCtx).toMatchObject({ requestId: ctx.requestId, trace: ctx.trace });
      expect(partCtx?.degraded).toBe(ctx.degraded);
    });

    it('treats a fetcher the same however it was written (no arity test)', async () => {
      const { ctx } = coreLikeContext();
      const fetchUser = () => client.get<User>('/users/u1');
      const wrapped = (...args: unknown[]) => (args.length >= 0 ? fetchUser() : fetchUser());
      const result = await RequestContextStore.run(ctx, () =>
        aggregate({
          plain: required(fetchUser),
          wrapped: required(wrapped),
          withParam: required((_ctx) => fetchUser()),
        }),
      );
      expect([result.data.plain.body, result.data.wrapped.body, result.data.withParam.body]).toEqual([
        { id: 'u1' },
        { id: 'u1' },
        { id: 'u1' },
      ]);
      expect(signalReads).not.toHaveBeenCalled();
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
