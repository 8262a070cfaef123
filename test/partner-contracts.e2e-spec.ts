import type { OpenApiDocument, OpenApiOperation } from '@bff/contracts';
import { DEMO_PARTNERS, fetchClientToken, getStats } from '@bff/testing';
import { loadConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { expectProblem, startBff } from './support/bff-harness';
import {
  expectResponseMatchesContract,
  fetchDocuments,
  validateOpenApi,
  withContractChecks,
} from './support/contract-check';

const startPartnerBff = (stack: DemoStack, env: Record<string, string> = {}) =>
  startBff({ loadConfig, module: (c) => PartnerBffModule.forRoot(c), audience: 'partner-bff', stack, env });

const operations = (doc: OpenApiDocument): [string, string, OpenApiOperation][] =>
  Object.entries(doc.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, op]): [string, string, OpenApiOperation] => [path, method, op]),
  );

describe('partner-bff contracts: OpenAPI documents, /v1 beside /v2, Swagger UI (e2e)', () => {
  let stack: DemoStack;
  let bff: ReturnType<typeof withContractChecks>;
  let docs: Record<string, OpenApiDocument>;
  let acme: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    const started = await startPartnerBff(stack);
    docs = await fetchDocuments(started);
    bff = withContractChecks(started, docs);
    acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
  });
  afterAll(async () => {
    const checked = bff?.checked();
    await bff?.close();
    await stack?.close();
    expect(checked).toBeGreaterThan(5);
  });

  describe('GET /v1/openapi.json and /v2/openapi.json', () => {
    it.each(['1', '2'])(
      'v%s is a valid OpenAPI 3.1 document, public and not rate limited',
      async (version) => {
        const res = await bff.call(`/v${version}/openapi.json`);
        expect(res.status).toBe(200);
        expect(res.headers.ratelimit).toBeUndefined();
        expect(validateOpenApi(res.body)).toEqual({ valid: true, version: '3.1', errors: [] });
        expect(Object.keys(res.body.paths).sort()).toEqual(
          [
            `/v${version}/exports`,
            `/v${version}/jobs/{id}`,
            `/v${version}/jobs/{id}/result`,
            `/v${version}/orders`,
            `/v${version}/orders/{id}`,
            `/v${version}/products/{id}`,
            `/v${version}/usage`,
          ].sort(),
        );
      },
    );

    it('names both security schemes, with the token URL, and the scopes of each operation', () => {
      const { securitySchemes } = docs['2'].components as Record<string, Record<string, unknown>>;
      expect(securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
      expect(securitySchemes.oauth2).toMatchObject({
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: `${stack.urls.idp}/token`, scopes: expect.any(Object) } },
      });
      const list = docs['2'].paths['/v2/orders'].get;
      expect(list.security).toEqual([{ apiKey: ['orders:read'] }, { oauth2: ['orders:read'] }]);
      expect(docs['2'].paths['/v2/products/{id}'].get.security).toEqual([
        { apiKey: ['products:read'] },
        { oauth2: ['products:read'] },
      ]);
    });

    it('documents problem+json errors, the RateLimit headers and examples on every operation', () => {
      for (const doc of Object.values(docs)) {
        for (const [path, method, op] of operations(doc)) {
          const where = `${method} ${path}`;
          for (const status of ['401', '403', '429', 'default']) {
            expect([where, op.responses[status]?.content]).toEqual([
              where,
              { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            ]);
          }
          expect([where, op.responses['429'].headers]).toMatchObject([
            where,
            { 'Retry-After': expect.any(Object) },
          ]);
          const success = Object.keys(op.responses).find((status) => status.startsWith('2'))!;
          expect([where, op.responses[success].headers]).toMatchObject([
            where,
            { 'RateLimit-Policy': expect.any(Object), RateLimit: expect.any(Object) },
          ]);
          const media = where.endsWith('/result') ? 'application/x-ndjson' : 'application/json';
          expect([where, op.responses[success].content]).toMatchObject([
            where,
            { [media]: { schema: expect.any(Object), example: expect.anything() } },
          ]);
        }
      }
      expect(docs['1'].paths['/v1/orders'].get.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'limit', in: 'query', required: false }),
          expect.objectContaining({
            name: 'status',
            in: 'query',
            schema: expect.objectContaining({ enum: expect.any(Array) }),
          }),
        ]),
      );
    });

    it('documents the writes: Idempotency-Key, 201 with Location, 202 with Location, 409/422/429, NDJSON', () => {
      for (const version of ['1', '2']) {
        const doc = docs[version];
        const create = doc.paths[`/v${version}/orders`].post;
        expect(create.parameters).toEqual([
          expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
        ]);
        expect(create.security).toEqual([{ apiKey: ['orders:write'] }, { oauth2: ['orders:write'] }]);
        expect(create.requestBody).toMatchObject({
          required: true,
          content: { 'application/json': { example: { items: [{ productId: 'p42', quantity: 2 }] } } },
        });
        expect(create.responses['201'].headers).toMatchObject({ Location: { required: true } });
        expect(Object.keys(create.responses)).toEqual(
          expect.arrayContaining(['201', '400', '409', '422', '429']),
        );
        const exportOp = doc.paths[`/v${version}/exports`].post;
        expect(exportOp.responses['202'].headers).toMatchObject({ Location: { required: true } });
        expect(exportOp.responses['202'].content).toMatchObject({
          'application/json': { example: { links: { self: expect.stringMatching(`^/v${version}/jobs/`) } } },
        });
        const result = doc.paths[`/v${version}/jobs/{id}/result`].get;
        expect(Object.keys(result.responses)).toEqual(expect.arrayContaining(['200', '404', '409']));
      }
      const created = (version: string) => docs[version].paths[`/v${version}/orders`].post.responses['201'];
      expect(created('1').content).toMatchObject({
        'application/json': { schema: { properties: { total: { type: 'number' } } } },
      });
      expect(created('2').content).toMatchObject({
        'application/json': {
          schema: { properties: { total: { type: 'object', required: ['amount', 'currency'] } } },
        },
      });
    });

    it('marks every v1 operation deprecated, with the deprecation headers on every answer, and no v2 one', () => {
      for (const [, , op] of operations(docs['1'])) {
        expect(op.deprecated).toBe(true);
        for (const response of Object.values(op.responses)) {
          expect(response.headers).toMatchObject({
            Deprecation: { required: true },
            Link: { required: true },
          });
        }
      }
      for (const [, , op] of operations(docs['2'])) expect(op.deprecated).toBeUndefined();
    });

    it('the contract check fails an answer that drifts from the document', () => {
      const order = {
        id: 'o1',
        status: 'paid',
        total: { amount: 100, currency: 'EUR' },
        createdAt: '2026-11-30T09:15:00.000Z',
        items: [],
      };
      const headers = { 'content-type': 'application/json; charset=utf-8' };
      const check = (version: string, status: number, body: unknown) => () =>
        expectResponseMatchesContract(
          docs[version],
          'get',
          `/v${version}/orders/{id}`,
          status,
          body,
          headers,
        );
      expect(check('2', 200, order)).not.toThrow();
      expect(check('2', 200, { ...order, partnerId: 'x' })).toThrow(/must NOT have additional properties/);
      expect(check('2', 200, { ...order, total: 1 })).toThrow(/body breaks the document/);
      expect(check('2', 409, {})).toThrow(/status not documented/);
      expect(check('1', 200, order)).toThrow(/required header Deprecation missing/);
    });
  });

  describe('/v1 and /v2 side by side', () => {
    it('answer the same orders in their own shapes, from one upstream call each', async () => {
      const before = (await getStats(stack.urls.orders)).requests;
      const v1 = await bff.call('/v1/orders?limit=3', { token: acme });
      const v2 = await bff.call('/v2/orders?limit=3', { token: acme });
      expect((await getStats(stack.urls.orders)).requests - before).toBe(2);
      expect([v1.status, v2.status]).toEqual([200, 200]);
      expect(v2.body.items.map((o: { id: string }) => o.id)).toEqual(
        v1.body.items.map((o: { id: string }) => o.id),
      );
      const [a, b] = [v1.body.items[0], v2.body.items[0]];
      expect(b.total).toEqual({ amount: Math.round(a.total * 100), currency: a.currency });
      expect(b.items[0].unitPrice).toEqual({
        amount: Math.round(a.items[0].unitPrice * 100),
        currency: a.currency,
      });
      expect(v1.body.nextCursor).toEqual(expect.any(String));
      expect(v2.body.page).toEqual({ limit: 3, hasMore: true, nextCursor: v1.body.nextCursor });
      expect(v2.body.nextCursor).toBeUndefined();
      const next = await bff.call(`/v2/orders?limit=3&cursor=${v2.body.page.nextCursor}`, { token: acme });
      expect(next.body.items[0].id).not.toBe(b.id);
    });

    it('v1 answers, errors included, carry Deprecation, Sunset and the Link to the migration note; v2 ones do not', async () => {
      const answers = [
        await bff.call('/v1/products/p42', { token: acme }),
        await bff.call('/v1/orders/nope', { token: acme }),
        await bff.call('/v1/orders'),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 404, 401]);
      for (const res of answers) {
        expect(res.headers.deprecation).toBe('@1796083200'); // 2026-12-01T00:00:00Z
        expect(res.headers.sunset).toBe('Wed, 30 Jun 2027 23:59:59 GMT');
        expect(res.headers.link).toBe('</docs/migrating-to-v2>; rel="deprecation"');
      }
      const v2 = await bff.call('/v2/products/p42', { token: acme });
      expect(v2.status).toBe(200);
      expect(v2.body.price).toEqual({ amount: expect.any(Number), currency: 'EUR' });
      for (const name of ['deprecation', 'sunset', 'link']) expect(v2.headers[name]).toBeUndefined();
      const note = await bff.call('/docs/migrating-to-v2');
      expect(note.status).toBe(200);
      expect(note.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(note.text).toContain('# Migrating from /v1 to /v2');
    });

    it('a versioned path with another method is a 405 with Allow', async () => {
      const res = await bff.call('/v2/usage', { method: 'DELETE', token: acme });
      expectProblem(res, 405, 'BFF_ERR_METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toMatch(/^GET\b/);
    });

    it('an unknown version is a 404 problem', async () => {
      expectProblem(await bff.call('/v3/orders', { token: acme }), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
      expectProblem(await bff.call('/v3/openapi.json'), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
    });
  });

  describe('Swagger UI at /docs', () => {
    it('serves the page and its assets from swagger-ui-dist, offering both documents, nothing else', async () => {
      const page = await bff.call('/docs');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).not.toMatch(/https?:\/\//); // no CDN
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
      for (const [name, type] of [
        ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
        ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
        ['swagger-ui.css', 'text/css; charset=utf-8'],
      ]) {
        expect(page.text).toContain(`/docs/${name}`);
        const asset = await bff.call(`/docs/${name}`);
        expect([name, asset.status, asset.headers['content-type']]).toEqual([name, 200, type]);
      }
      const init = await bff.call('/docs/swagger-initializer.js');
      expect(init.text).toContain(
        '{"name":"v2","url":"/v2/openapi.json"},{"name":"v1 (deprecated)","url":"/v1/openapi.json"}',
      );
      for (const path of ['/docs/package.json', '/docs/..%2Fpackage.json', '/docs/index.html']) {
        expectProblem(await bff.call(path), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
      }
    });

    it('is off with API_DOCS_ENABLED=false; the documents stay', async () => {
      const quiet = await startPartnerBff(stack, { API_DOCS_ENABLED: 'false' });
      try {
        expectProblem(await quiet.call('/docs'), 404, 'BFF_ERR_ROUTE_NOT_FOUND');
        expect((await quiet.call('/v2/openapi.json')).status).toBe(200);
      } finally {
        await quiet.close();
      }
    });
  });
});
