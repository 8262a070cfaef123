import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer, HeaderMap, type BaseContext } from '@apollo/server';
import type { RequestContext } from '@bff/core';
import { RequestContextStore } from '@bff/core';
import { graphQLHardening, type GraphQLHardeningOptions } from './graphql-hardening';
import { buildPersistedOperationManifest, operationId } from './persisted/persisted-operations';

const typeDefs = readFileSync(join(__dirname, '../test/fixtures/shop.graphql'), 'utf8');

/** Every resolver call that would be an upstream call in a BFF. */
let calls = 0;
const product = (id: string) => ({ id, name: `product ${id}` });
const resolvers = {
  Query: {
    viewer: () => (calls++, { id: 'u1', name: 'Ada', tags: ['a'] }),
    search: () => (calls++, []),
  },
  Mutation: { placeOrder: () => (calls++, { id: 'o9', total: 1, items: [] }) },
  Viewer: {
    orders: (_: unknown, args: { first: number }) => (
      calls++,
      Array.from({ length: args.first }, (_x, i) => ({
        id: `o${i}`,
        total: 10,
        items: [{ quantity: 1, productId: `p${i}` }],
      }))
    ),
    name: () => {
      throw new Error('secret internal detail at db-7.internal:5432');
    },
  },
  OrderItem: { product: (item: { productId: string }) => (calls++, product(item.productId)) },
  Product: { stock: () => (calls++, { available: 3 }), related: () => [] },
};

const VIEWER =
  'query Viewer($first: Int) { viewer { id orders(first: $first) { id items { product { id stock { available } } } } } }';

interface Call {
  method?: 'GET' | 'POST';
  body?: unknown;
  search?: string;
  headers?: Record<string, string>;
  principalScopes?: string[];
}

async function start(options: Partial<GraphQLHardeningOptions> = {}) {
  const hardening = graphQLHardening({ production: false, ...options });
  const { graphiql: _g, playground: _p, ...apolloOptions } = hardening.apolloOptions;
  const server = new ApolloServer<BaseContext>({
    typeDefs,
    resolvers,
    ...apolloOptions,
    formatError: hardening.formatError((formatted) => formatted),
  });
  await server.start();
  const run = async (call: Call) => {
    const method = call.method ?? 'POST';
    const plain = call.headers ?? (method === 'POST' ? { 'content-type': 'application/json' } : {});
    const headers = new HeaderMap(Object.entries(plain));
    const req = {
      method,
      headers: plain,
      body: call.body,
      query: Object.fromEntries(new URLSearchParams(call.search ?? '')),
      principal: { scopes: call.principalScopes ?? [] },
    };
    const res = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: call.search ?? '', body: call.body },
      context: async () => hardening.context(async (r: typeof req) => ({ req: r }))(req),
    });
    const text = res.body.kind === 'complete' ? res.body.string : '';
    return { status: res.status ?? 200, body: JSON.parse(text), headers: res.headers };
  };
  return { server, hardening, run };
}

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;

const post = (query: string, variables: Record<string, unknown> = {}, extra: Partial<Call> = {}) => ({
  body: { query, variables },
  ...extra,
});

describe('graphQLHardening (Apollo Server, fixture schema)', () => {
  let app: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => (app = await start()));
  afterAll(() => app.server.stop());
  beforeEach(() => (calls = 0));

  it('runs the viewer query with first 50 under the default limits', async () => {
    const res = await app.run(post(VIEWER, { first: 50 }));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.viewer.orders).toHaveLength(50);
    expect(res.body.extensions).toBeUndefined();
  });

  const nested = (levels: number) =>
    `{ search(text: "x") { ... on Product { ${'related { '.repeat(levels)}id${' }'.repeat(levels)} } } }`;

  it.each([
    ['document size', `{ viewer { id } } # ${'x'.repeat(17_000)}`, 'BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE'],
    ['token count', `{ viewer { ${'id '.repeat(1200)} } }`, 'BFF_ERR_GRAPHQL_TOO_MANY_TOKENS'],
    ['depth', nested(12), 'BFF_ERR_GRAPHQL_TOO_DEEP'],
    ['aliases', aliases(16), 'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES'],
    [
      'aliases through a repeated fragment',
      `{ ${Array.from({ length: 4 }, (_, i) => `v${i}: viewer { ...F }`).join(' ')} }
       fragment F on Viewer { ${Array.from({ length: 3 }, (_, i) => `o${i}: orders(first: 1) { id }`).join(' ')} }`,
      'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES',
    ],
    [
      'directives per field',
      '{ viewer { id @skip(if: false) @include(if: true) @skip(if: false) @include(if: true) @skip(if: false) @include(if: true) } }',
      'BFF_ERR_GRAPHQL_TOO_MANY_DIRECTIVES',
    ],
    [
      'cost',
      '{ a: viewer { orders(first: 50) { items { product { stock { available } } } } } b: viewer { orders(first: 50) { items { product { stock { available } } } } } }',
      'BFF_ERR_GRAPHQL_COST_EXCEEDED',
    ],
  ])('rejects a query over the %s limit with HTTP 400 and runs nothing', async (_name, query, code) => {
    const res = await app.run(post(query));
    expect({ status: res.status, code: res.body.errors?.[0]?.extensions?.code }).toEqual({
      status: 400,
      code,
    });
    expect(res.body.data).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('rejects cyclic fragments before anything runs', async () => {
    const res = await app.run(
      post('{ viewer { ...A } } fragment A on Viewer { orders { id } ...B } fragment B on Viewer { ...A }'),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors.map((e: { message: string }) => e.message).join()).toMatch(
      /Cannot spread fragment/,
    );
    expect(calls).toBe(0);
  });

  it('checks cost with the variables: the same document passes or fails by $first', async () => {
    const q =
      'query Q($n: Int) { a: viewer { orders(first: $n) { items { product { id } } } } b: viewer { orders(first: $n) { items { product { id } } } } }';
    expect((await app.run(post(q, { n: 10 }))).status).toBe(200);
    calls = 0;
    const res = await app.run(post(q, { n: 200 }));
    expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_COST_EXCEEDED');
    expect(res.body.errors[0].message).toBe(
      "The operation's estimated cost is 2004; at most 1000 is allowed.",
    );
    expect(calls).toBe(0);
  });

  it('shows extensions.cost only to a principal with bff:debug', async () => {
    const res = await app.run(post(VIEWER, { first: 2 }, { principalScopes: ['bff:debug'] }));
    expect(res.body.extensions).toEqual({ cost: { estimated: 22, limit: 1000 } });
    const plain = await app.run(post(VIEWER, { first: 2 }, { principalScopes: ['orders:read'] }));
    expect(plain.body.extensions).toBeUndefined();
  });

  it('records the accepted operation on the request context', async () => {
    const ctx = { degraded: [] } as unknown as RequestContext;
    await RequestContextStore.run(ctx, () => app.run(post(VIEWER, { first: 3 })));
    expect(ctx.operation).toEqual({ name: 'Viewer', type: 'query', cost: 32 });
  });

  it('refuses batches while batching is off', async () => {
    const res = await app.run({ body: [{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_BATCH_REJECTED');
    expect(calls).toBe(0);
  });

  describe('CSRF prevention and GET', () => {
    it('a GET with query text needs a preflight header; with one it runs', async () => {
      const search = `query=${encodeURIComponent('{ viewer { id } }')}`;
      const blocked = await app.run({ method: 'GET', search });
      expect(blocked.status).toBe(400);
      expect(blocked.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_CSRF_REJECTED');
      const ok = await app.run({ method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } });
      expect(ok.body.data).toEqual({ viewer: { id: 'u1' } });
    });

    it('a POST with a simple content type is blocked', async () => {
      const res = await app.run({
        body: { query: '{ viewer { id } }' },
        headers: { 'content-type': 'text/plain' },
      });
      expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_CSRF_REJECTED');
      expect(calls).toBe(0);
    });

    it('APQ: a registered query runs by id over GET without a preflight header', async () => {
      const query = '{ viewer { name: id } }';
      const ext = (hash: string) =>
        `extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }))}`;
      const miss = await app.run({ method: 'GET', search: ext(operationId(query)) });
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await app.run({
        body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } },
      });
      const hit = await app.run({ method: 'GET', search: ext(operationId(query)) });
      expect(hit.body.data).toEqual({ viewer: { name: 'u1' } });
    });

    it('the limits apply to APQ registrations too', async () => {
      const query = aliases(20);
      const res = await app.run({
        body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: operationId(query) } } },
      });
      expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_TOO_MANY_ALIASES');
      expect(calls).toBe(0);
    });
  });
});

describe('graphQLHardening with batches', () => {
  let app: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => (app = await start({ limits: { maxBatchSize: 2, maxCost: 100 } })));
  afterAll(() => app.server.stop());
  beforeEach(() => (calls = 0));

  it('runs a batch up to maxBatchSize and refuses a larger one', async () => {
    const op = { query: '{ viewer { id } }' };
    const ok = await app.run({ body: [op, op] });
    expect(ok.body).toEqual([{ data: { viewer: { id: 'u1' } } }, { data: { viewer: { id: 'u1' } } }]);
    calls = 0;
    const res = await app.run({ body: [op, op, op] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_BATCH_REJECTED');
    expect(calls).toBe(0);
  });

  it('the operations of a batch share one cost budget', async () => {
    const op = { query: '{ viewer { orders(first: 6) { items { product { stock { available } } } } } }' }; // 62
    const res = await app.run({ body: [op, op] });
    const codes = res.body.map(
      (r: { errors?: Array<{ extensions: { code: string } }> }) => r.errors?.[0].extensions.code,
    );
    expect(codes.filter((c: string | undefined) => c === 'BFF_ERR_GRAPHQL_COST_EXCEEDED')).toHaveLength(1);
  });
});

describe('graphQLHardening in safelist mode', () => {
  const manifest = buildPersistedOperationManifest([
    {
      name: 'ops.graphql',
      body: 'query Me { viewer { id } }\nmutation Buy { placeOrder(productId: "p1") { id } }',
    },
  ]);
  const idOf = (name: string) => manifest.operations.find((o) => o.name === name)!.id;
  const byId = (id: string) =>
    `extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id } }))}`;
  let app: Awaited<ReturnType<typeof start>>;
  beforeAll(
    async () =>
      (app = await start({ production: true, persistedOperations: { mode: 'safelist', manifest } })),
  );
  afterAll(() => app.server.stop());
  beforeEach(() => (calls = 0));

  it('serves a known operation by id over GET, with no preflight header', async () => {
    const res = await app.run({ method: 'GET', search: byId(idOf('Me')) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { viewer: { id: 'u1' } } });
  });

  it('serves a known operation by id, and by its exact text, over POST', async () => {
    const ext = { persistedQuery: { version: 1, sha256Hash: idOf('Me') } };
    expect((await app.run({ body: { extensions: ext } })).body.data).toEqual({ viewer: { id: 'u1' } });
    const text = manifest.operations.find((o) => o.name === 'Me')!.body;
    expect((await app.run({ body: { query: text } })).body.data).toEqual({ viewer: { id: 'u1' } });
  });

  it.each([
    [
      'an unknown id',
      { body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } } },
    ],
    ['an unknown id over GET', { method: 'GET' as const, search: byId('0'.repeat(64)) }],
    ['free text', { body: { query: '{ viewer { id } }' } }],
    [
      'a known id with other text',
      {
        body: {
          query: '{ viewer { name } }',
          extensions: { persistedQuery: { version: 1, sha256Hash: idOf('Me') } },
        },
      },
    ],
  ])('refuses %s with HTTP 400 and runs nothing', async (_name, call) => {
    const res = await app.run(call);
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED');
    expect(calls).toBe(0);
  });

  it('never runs a mutation over GET, even a trusted one', async () => {
    const res = await app.run({ method: 'GET', search: byId(idOf('Buy')) });
    expect(res.status).toBe(405);
    expect(calls).toBe(0);
    const posted = await app.run({
      body: { extensions: { persistedQuery: { version: 1, sha256Hash: idOf('Buy') } } },
    });
    expect(posted.body.data).toEqual({ placeOrder: { id: 'o9' } });
  });
});

describe('graphQLHardening production defaults', () => {
  let app: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => (app = await start({ production: true })));
  afterAll(() => app.server.stop());

  it('refuses introspection', async () => {
    const res = await app.run(post('{ __schema { types { name } } }'));
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/introspection is not allowed/i);
  });

  it('masks field suggestions', async () => {
    const res = await app.run(post('{ viewer { nam } }'));
    expect(res.body.errors[0].message).toBe('Cannot query field "nam" on type "Viewer". [Suggestion hidden]');
  });

  it('masks the message of an error without a framework code', async () => {
    const res = await app.run(post('{ viewer { name } }'));
    expect(res.body.errors[0].message).toBe('An unexpected error occurred.');
    expect(JSON.stringify(res.body)).not.toMatch(/db-7|secret/);
  });

  it('keeps the limits’ messages', async () => {
    const res = await app.run(post(aliases(16)));
    expect(res.body.errors[0].message).toBe('The operation uses 16 aliases; at most 15 are allowed.');
  });
});

describe('graphQLHardening outside production', () => {
  it('keeps introspection and suggestions', async () => {
    const app = await start();
    try {
      expect((await app.run(post('{ __schema { queryType { name } } }'))).body.data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      expect((await app.run(post('{ viewer { nam } }'))).body.errors[0].message).toMatch(
        /Did you mean "name"\?/,
      );
    } finally {
      await app.server.stop();
    }
  });
});
