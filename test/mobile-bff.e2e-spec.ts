import {
  clearFaults,
  eventually,
  getStats,
  mintUserToken,
  resetStats,
  setFaults,
  signForeignToken,
} from '@bff/testing';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

describe('mobile-bff (e2e, real HTTP, real upstreams, real tokens)', () => {
  let bff: RunningBff;
  let token: string;

  beforeAll(async () => {
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      env: { REQUEST_TIMEOUT_MS: '1500' },
    });
    token = await mintUserToken(bff.stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
  });
  afterAll(() => bff.close());
  afterEach(() =>
    Promise.all(
      ['users', 'orders', 'catalog', 'inventory'].map((s) => clearFaults(bff.stack.urls[s as 'users'])),
    ),
  );

  describe('GET /v1/home', () => {
    it('answers the user and recent orders, shaped for the screen', async () => {
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual({
        id: 'u1',
        name: expect.any(String),
        avatarUrl: expect.stringMatching(/^https:/),
      });
      expect(res.body.recentOrders).toHaveLength(5);
      for (const o of res.body.recentOrders) {
        expect(o).toEqual({
          id: expect.any(String),
          status: expect.any(String),
          total: expect.any(Number),
          currency: 'EUR',
          itemCount: expect.any(Number),
          thumbnailUrl: expect.stringMatching(/^https:/),
          inStock: expect.any(Boolean),
        });
      }
      expect(res.body.degraded).toBeUndefined();
    });

    it('makes one batch call each to catalog and inventory', async () => {
      await Promise.all([resetStats(bff.stack.urls.catalog), resetStats(bff.stack.urls.inventory)]);
      expect((await bff.call('/v1/home', { token })).status).toBe(200);
      const [catalog, inventory] = await Promise.all([
        getStats(bff.stack.urls.catalog),
        getStats(bff.stack.urls.inventory),
      ]);
      expect(catalog.requests).toBe(1);
      expect(inventory.requests).toBe(1);
    });

    it('propagates the request id and trace, and never the client identity headers', async () => {
      await resetStats(bff.stack.urls.users);
      const traceId = '0af7651916cd43dd8448eb211c80319c';
      const res = await bff.call('/v1/home', {
        token,
        headers: {
          'x-request-id': 'req-42',
          traceparent: `00-${traceId}-b7ad6b7169203331-01`,
          'x-user-id': 'u999',
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('req-42');
      const lastHeaders = (await getStats(bff.stack.urls.users)).lastHeaders!;
      expect(lastHeaders['x-request-id']).toBe('req-42');
      expect(lastHeaders.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
      expect(Number(lastHeaders['x-request-timeout-ms'])).toBeGreaterThan(0);
      expect(lastHeaders['x-user-id']).toBe('u1');
    });

    it('a spoofed x-user-id changes nothing: the user is the token subject', async () => {
      const res = await bff.call('/v1/home', { token, headers: { 'x-user-id': 'u2', 'X-User-Id': 'u3' } });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
    });

    it('an optional upstream (inventory) failing yields 200 with degraded', async () => {
      await setFaults(bff.stack.urls.inventory, { errorRate: 1, errorStatus: 500 });
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' }]);
      expect(res.body.recentOrders.every((o: Record<string, unknown>) => o.inStock === null)).toBe(true);
    });

    it('the catalog failing serves its last answers (stale-if-error), marked degraded and stale', async () => {
      const healthy = await bff.call('/v1/home', { token }); // stores the products (Cache-Control: stale-if-error=300)
      await setFaults(bff.stack.urls.catalog, { errorRate: 1, errorStatus: 500 });
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([
        { part: 'products', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY', stale: true },
      ]);
      expect(res.body.recentOrders).toEqual(healthy.body.recentOrders);
      expect(
        res.body.recentOrders.every((o: Record<string, unknown>) => typeof o.thumbnailUrl === 'string'),
      ).toBe(true);
    });

    it('the catalog failing with nothing stored yields 200 with degraded, without products', async () => {
      const other = await mintUserToken(bff.stack.urls.idp, { sub: 'u977', aud: 'mobile-bff' });
      await setFaults(bff.stack.urls.catalog, { errorRate: 1, errorStatus: 500 });
      const res = await bff.call('/v1/home', { token: other });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([{ part: 'products', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' }]);
      expect(res.body.recentOrders.every((o: Record<string, unknown>) => o.thumbnailUrl === null)).toBe(true);
    });

    it('recent orders failing degrades the answer, the user still comes back', async () => {
      await setFaults(bff.stack.urls.orders, { resetConnections: true });
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
      expect(res.body.recentOrders).toEqual([]);
      expect(res.body.degraded).toEqual([{ part: 'recentOrders', code: 'BFF_ERR_DOWNSTREAM_UNAVAILABLE' }]);
    });

    it.each([
      [{ errorRate: 1, errorStatus: 503 }, 502, 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY'],
      [{ resetConnections: true }, 503, 'BFF_ERR_DOWNSTREAM_UNAVAILABLE'],
    ])('the required user upstream failing (%j) yields %i', async (faults, status, code) => {
      await setFaults(bff.stack.urls.users, faults);
      const res = await bff.call('/v1/home', { token });
      expectProblem(res, status, code);
      if (status === 503) expect(res.headers['retry-after']).toBeDefined();
    });

    it('a hanging upstream is cut at the deadline, well before the hang ends', async () => {
      await setFaults(bff.stack.urls.users, { hang: true });
      const res = await bff.call('/v1/home', { token, timeoutMs: 10_000 });
      expectProblem(res, 504, res.body.code);
      expect(res.body.code).toMatch(/^BFF_ERR_(DEADLINE_EXCEEDED|DOWNSTREAM_TIMEOUT)$/);
      // REQUEST_TIMEOUT_MS is 1500; undici's coarse timers may cut a little early, never late. The upper bound
      // leaves a loaded 2-core machine 2.5 s of slack and still fails if the hang were only ended by undici's
      // default 5 s headers timeout.
      expect(res.elapsedMs).toBeLessThan(4000);
      expect(res.elapsedMs).toBeGreaterThanOrEqual(1000);
    });

    it('a client that disconnects aborts the in-flight upstream calls at once', async () => {
      await setFaults(bff.stack.urls.users, { hang: true });
      const aborted = async (): Promise<number> => {
        const { text } = await bff.call('/metrics');
        const m =
          /bff_upstream_request_duration_seconds_count\{upstream="users",method="GET",outcome="aborted"\} (\d+)/.exec(
            text,
          );
        return m ? Number(m[1]) : 0;
      };
      const before = await aborted();
      await expect(bff.call('/v1/home', { token, timeoutMs: 200 })).rejects.toThrow();
      // Cut as aborted (a call cut at the 1500 ms deadline counts as `deadline`), well before that deadline.
      await eventually(async () => (await aborted()) === before + 1, 1000);
    });

    it('a slow optional upstream degrades within the deadline instead of failing the request', async () => {
      await setFaults(bff.stack.urls.inventory, { hang: true });
      const res = await bff.call('/v1/home', { token, timeoutMs: 10_000 });
      // Deadline 1500 ms; a loaded 2-core machine keeps 4 s, and the hang alone would last past 5 s.
      expect(res.elapsedMs).toBeLessThan(4000);
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
      expect(res.body.degraded).toEqual([{ part: 'stock', code: expect.stringMatching(/TIMEOUT|DEADLINE/) }]);
    });
  });

  describe('authentication', () => {
    it.each([
      ['no token', {}, 'BFF_ERR_AUTH_MISSING'],
      ['garbage token', { authorization: 'Bearer not.a.jwt' }, 'BFF_ERR_AUTH_INVALID_TOKEN'],
      ['wrong scheme', { authorization: 'Basic dTE6cHc=' }, 'BFF_ERR_AUTH_MISSING'],
    ])('401 with %s', async (_name, headers, code) => {
      const res = await bff.call('/v1/home', { headers });
      expectProblem(res, 401, code);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    });

    it('401 for a token signed by a key the issuer never published', async () => {
      const forged = await signForeignToken({ sub: 'u1', aud: 'mobile-bff', iss: bff.stack.urls.idp });
      const res = await bff.call('/v1/home', { token: forged });
      expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    });

    it('401 for a real token minted for another BFF', async () => {
      const webToken = await mintUserToken(bff.stack.urls.idp, { sub: 'u1', aud: 'web-bff' });
      expectProblem(await bff.call('/v1/home', { token: webToken }), 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
    });

    it('health and metrics are public', async () => {
      expect((await bff.call('/health/live')).status).toBe(200);
      expect((await bff.call('/health/ready')).body).toEqual({
        status: 'ok',
        checks: { users: 'up', orders: 'up', catalog: 'up', inventory: 'up', circuits: 'up', keys: 'up' },
      });
      const metrics = await bff.call('/metrics');
      expect(metrics.text).toMatch(/bff_upstream_request_duration_seconds_count\{upstream="users"/);
    });
  });

  describe('GET /v1/orders/:id', () => {
    it('answers one of the caller’s orders with product names, thumbnails and stock', async () => {
      const home = await bff.call('/v1/home', { token });
      const id = home.body.recentOrders[0].id;
      const res = await bff.call(`/v1/orders/${id}`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        status: expect.any(String),
        currency: 'EUR',
        createdAt: expect.any(String),
      });
      expect(res.body.items).toHaveLength(3);
      for (const item of res.body.items) {
        expect(item).toEqual({
          productId: expect.stringMatching(/^p\d+$/),
          quantity: expect.any(Number),
          unitPrice: expect.any(Number),
          name: expect.any(String),
          thumbnailUrl: expect.any(String),
          inStock: expect.any(Boolean),
        });
      }
    });

    it('someone else’s order is 404, not 403', async () => {
      const other = await mintUserToken(bff.stack.urls.idp, { sub: 'u2', aud: 'mobile-bff' });
      const home = await bff.call('/v1/home', { token });
      expectProblem(
        await bff.call(`/v1/orders/${home.body.recentOrders[0].id}`, { token: other }),
        404,
        'BFF_ERR_RESOURCE_NOT_FOUND',
      );
    });

    it.each(['..%2F..%2Fusers%2Fu2', 'a'.repeat(65), '%00'])('a malformed id (%s) is 400', async (id) => {
      expectProblem(await bff.call(`/v1/orders/${id}`, { token }), 400, 'BFF_ERR_VALIDATION');
    });
  });

  describe('hostile or malformed input', () => {
    it('unknown route is 404 problem+json', async () => {
      expectProblem(await bff.call('/v2/nope', { token }), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
    });
  });
});
