import { Reflector } from '@nestjs/core';
import { authRequirementsOf, PRINCIPAL_KINDS_KEY } from '@bff/auth';
import { reflectedRoute } from '@bff/core';
import {
  clearFaults,
  DEMO_PARTNERS,
  fetchClientToken,
  getStats,
  mintUserToken,
  setFaults,
} from '@bff/testing';
import { loadConfig } from '../apps/partner-bff/src/config';
import { PartnerOrdersV1Controller } from '../apps/partner-bff/src/orders/partner-orders-v1.controller';
import { PartnerOrdersV2Controller } from '../apps/partner-bff/src/orders/partner-orders-v2.controller';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import {
  PartnerProductsV1Controller,
  PartnerProductsV2Controller,
} from '../apps/partner-bff/src/products/partner-products.controllers';
import { PartnerUsageController } from '../apps/partner-bff/src/usage/partner-usage.controller';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';
import { fetchDocuments, withContractChecks } from './support/contract-check';

describe('partner-bff (e2e, client-credentials tokens over real HTTP)', () => {
  // Every answer to a documented route is checked against the BFF's own OpenAPI documents.
  let bff: ReturnType<typeof withContractChecks>;
  let acme: string;

  beforeAll(async () => {
    const started = await startBff({
      loadConfig,
      module: (c) => PartnerBffModule.forRoot(c),
      audience: 'partner-bff',
    });
    bff = withContractChecks(started, await fetchDocuments(started));
    acme = await fetchClientToken(bff.stack.urls.idp, DEMO_PARTNERS.acme);
  });
  afterAll(async () => {
    const checked = bff.checked();
    await bff.close();
    expect(checked).toBeGreaterThan(25);
  });

  describe('per-partner rate limits by tier (the tier claim of the token)', () => {
    // A BFF of its own (same upstreams), so that spending globex's burst here leaves the other tests' limits alone.
    let limited: RunningBff;
    beforeAll(async () => {
      const started = await startBff({
        loadConfig,
        module: (c) => PartnerBffModule.forRoot(c),
        audience: 'partner-bff',
        stack: bff.stack,
      });
      limited = withContractChecks(started, await fetchDocuments(started));
    });
    afterAll(() => limited.close());

    it('acme is gold, globex free: each sees its own policies, and globex is refused after its burst', async () => {
      const bff = limited;
      const globex = await fetchClientToken(bff.stack.urls.idp, DEMO_PARTNERS.globex);
      const gold = await bff.call('/v1/products/p1', { token: acme });
      expect(gold.status).toBe(200);
      expect(gold.headers['ratelimit-policy']).toBe('"minute";q=6000;w=60, "daily";q=1000000;w=86400');
      const answers = await Promise.all(
        Array.from({ length: 16 }, () => bff.call('/v1/products/p1', { token: globex })),
      );
      const free = answers.filter((res) => res.status === 200);
      // burst 10, plus one per second (60/min) while the answers come in
      const seconds = Math.ceil(Math.max(...answers.map((res) => res.elapsedMs)) / 1000);
      expect(free.length).toBeGreaterThanOrEqual(10);
      expect(free.length).toBeLessThanOrEqual(10 + seconds);
      expect(free[0].headers['ratelimit-policy']).toBe('"minute";q=60;w=60, "daily";q=10000;w=86400');
      const refused = answers.find((res) => res.status !== 200)!;
      expectProblem(refused, 429, 'BFF_ERR_RATE_LIMITED');
      expect(refused.headers.ratelimit).toMatch(/^"minute";r=0;t=1, "daily";r=99\d\d;t=\d+$/);
      expect(refused.headers['retry-after']).toBe('1');
    });
  });

  describe('GET /v1/orders', () => {
    it('lists only the calling partner’s orders, cursor-paginated without duplicates', async () => {
      const seen = new Set<string>();
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await bff.call(`/v1/orders?limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
          token: acme,
        });
        expect(res.status).toBe(200);
        for (const o of res.body.items) {
          expect(seen.has(o.id)).toBe(false);
          seen.add(o.id);
          expect(Object.keys(o).sort()).toEqual(['createdAt', 'currency', 'id', 'items', 'status', 'total']);
        }
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      expect(pages).toBeGreaterThan(1);
      expect(seen.size).toBeGreaterThan(50);
      // Every listed order really belongs to acme, as the upstream says.
      const sample = [...seen].slice(0, 3);
      for (const id of sample) {
        const upstream = (await fetch(`${bff.stack.urls.orders}/orders/${id}`).then((r) => r.json())) as {
          partnerId: string;
        };
        expect(upstream.partnerId).toBe('partner-acme');
      }
    });

    it('filters by status', async () => {
      const res = await bff.call('/v1/orders?status=shipped&limit=20', { token: acme });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((o: { status: string }) => o.status === 'shipped')).toBe(true);
    });

    it.each([
      ['limit=0', 'Query parameter "limit" must be >= 1 (rule: minimum).'],
      ['limit=101', 'Query parameter "limit" must be <= 100 (rule: maximum).'],
      ['limit=abc', 'Query parameter "limit" must be integer (rule: type).'],
      ['limit=2.5', 'Query parameter "limit" must be integer (rule: type).'],
      [
        'status=lost',
        'Query parameter "status" must be one of pending, paid, shipped, delivered, cancelled (rule: enum).',
      ],
      [
        'cursor=%00%01',
        'Query parameter "cursor" must match pattern "^[A-Za-z0-9_-]{1,512}$" (rule: pattern).',
      ],
      ['cursor=bm90LWEtY3Vyc29y', 'The order filters or the cursor are invalid.'],
      ['partnerId=partner-globex', 'Unknown query parameter "partnerId" (rule: additionalProperties).'],
      ['limit=1&limit=2', 'Query parameter "limit" must appear once (rule: type).'],
    ])('rejects %s with 400 problem+json naming the parameter and the rule', async (query, detail) => {
      for (const version of ['v1', 'v2']) {
        const res = await bff.call(`/${version}/orders?${query}`, { token: acme });
        expectProblem(res, 400, 'BFF_ERR_VALIDATION');
        expect(res.body.detail).toBe(detail);
      }
    });

    it('rejects a malformed order id with 400 naming the path parameter', async () => {
      const res = await bff.call('/v1/orders/o_1%2B', { token: acme });
      expectProblem(res, 400, 'BFF_ERR_VALIDATION');
      expect(res.body.detail).toMatch(/^Path parameter "id" must match pattern .* \(rule: pattern\)\.$/);
    });
  });

  describe('GET /v1/orders/:id', () => {
    it('answers the partner’s own order and 404s another partner’s', async () => {
      const list = await bff.call('/v1/orders?limit=1', { token: acme });
      const id = list.body.items[0].id;
      const own = await bff.call(`/v1/orders/${id}`, { token: acme });
      expect(own.status).toBe(200);
      expect(own.body.id).toBe(id);
      const globex = await fetchClientToken(bff.stack.urls.idp, DEMO_PARTNERS.globex);
      expectProblem(await bff.call(`/v1/orders/${id}`, { token: globex }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
    });
  });

  describe('GET /v1/products/:id', () => {
    it('answers a product with its stock', async () => {
      const res = await bff.call('/v1/products/p42', { token: acme });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: 'p42',
        name: expect.any(String),
        price: expect.any(Number),
        currency: 'EUR',
      });
      expect(res.body.stock).toEqual({ available: expect.any(Number), inStock: expect.any(Boolean) });
    });

    it('degrades when the inventory is down, and 404s an unknown product', async () => {
      await setFaults(bff.stack.urls.inventory, { errorRate: 1, errorStatus: 503 });
      try {
        const res = await bff.call('/v1/products/p42', { token: acme });
        expect(res.status).toBe(200);
        expect(res.body.stock).toBeNull();
        expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' }]);
      } finally {
        await clearFaults(bff.stack.urls.inventory);
      }
      expectProblem(
        await bff.call('/v1/products/p999999', { token: acme }),
        404,
        'BFF_ERR_RESOURCE_NOT_FOUND',
      );
    });

    it('a required upstream that is down is a 503 with Retry-After', async () => {
      await setFaults(bff.stack.urls.catalog, { resetConnections: true });
      try {
        const res = await bff.call('/v1/products/p42', { token: acme });
        expectProblem(res, 503, 'BFF_ERR_DOWNSTREAM_UNAVAILABLE');
        expect(res.headers['retry-after']).toBe('1');
      } finally {
        await clearFaults(bff.stack.urls.catalog);
      }
    });
  });

  describe('authentication and authorization', () => {
    it('401 without a token', async () => {
      const res = await bff.call('/v1/orders');
      expectProblem(res, 401, 'BFF_ERR_AUTH_MISSING');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    });

    it('403 for a user token, even with the partner audience', async () => {
      const user = await mintUserToken(bff.stack.urls.idp, {
        sub: 'u1',
        aud: 'partner-bff',
        scope: 'orders:read',
      });
      expectProblem(await bff.call('/v1/orders', { token: user }), 403, 'BFF_ERR_FORBIDDEN');
    });

    it('403 for a user token on every partner route', async () => {
      const user = await mintUserToken(bff.stack.urls.idp, {
        sub: 'u1',
        aud: 'partner-bff',
        scope: 'orders:read products:read',
      });
      for (const path of ['/v1/orders/o1', '/v1/products/p42', '/v2/orders', '/v1/usage', '/v2/usage']) {
        expectProblem(await bff.call(path, { token: user }), 403, 'BFF_ERR_FORBIDDEN');
      }
    });

    it.each([
      ['list', PartnerOrdersV1Controller, PartnerOrdersV1Controller.prototype.list, ['orders:read']],
      ['get', PartnerOrdersV1Controller, PartnerOrdersV1Controller.prototype.get, ['orders:read']],
      ['list', PartnerOrdersV2Controller, PartnerOrdersV2Controller.prototype.list, ['orders:read']],
      ['get', PartnerOrdersV2Controller, PartnerOrdersV2Controller.prototype.get, ['orders:read']],
      ['get', PartnerProductsV1Controller, PartnerProductsV1Controller.prototype.get, ['products:read']],
      ['get', PartnerProductsV2Controller, PartnerProductsV2Controller.prototype.get, ['products:read']],
      ['get', PartnerUsageController, PartnerUsageController.prototype.get, []],
    ])('the route audit reads who may call %s of %p', (_name, cls, handler, scopes) => {
      const reflector = new Reflector();
      expect(reflector.getAllAndOverride(PRINCIPAL_KINDS_KEY, [handler, cls])).toEqual(['client']);
      expect(authRequirementsOf(reflectedRoute(reflector, handler, cls))).toEqual({
        public: false,
        optional: false,
        scopes,
        principalKinds: ['client'],
      });
    });

    it('403 when the partner lacks the scope', async () => {
      const narrow = await fetchClientToken(bff.stack.urls.idp, {
        ...DEMO_PARTNERS.acme,
        scope: 'products:read',
      });
      const res = await bff.call('/v1/orders', { token: narrow });
      expectProblem(res, 403, 'BFF_ERR_AUTH_FORBIDDEN');
      expect(res.headers['www-authenticate']).toMatch(/insufficient_scope/);
    });

    it('a spoofed x-client-id does not switch partners, and the verified one is propagated', async () => {
      const list = await bff.call('/v1/orders?limit=5', {
        token: acme,
        headers: { 'x-client-id': 'partner-globex' },
      });
      expect((await getStats(bff.stack.urls.orders)).lastHeaders?.['x-client-id']).toBe('partner-acme');
      for (const o of list.body.items) {
        const upstream = (await fetch(`${bff.stack.urls.orders}/orders/${o.id}`).then((r) => r.json())) as {
          partnerId: string;
        };
        expect(upstream.partnerId).toBe('partner-acme');
      }
    });
  });
});
