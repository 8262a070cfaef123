import { getStats, mintUserToken, resetStats } from '@bff/testing';
import manifest from '../apps/web-bff/operations/persisted-operations.json';
import { loadConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { startBff, type CallResult, type RunningBff } from './support/bff-harness';
import { VIEWER_QUERY } from './support/web-operations';

const FULL_ORDERS = 'orders(first: 50) { id items { quantity product { id name stock { available } } } }';
const UPSTREAMS = ['users', 'orders', 'catalog', 'inventory'] as const;

describe('web-bff GraphQL limits (e2e, real upstreams and tokens)', () => {
  let stack: DemoStack;
  let dev: RunningBff;
  let prod: RunningBff;
  let safelist: RunningBff;
  let token: string;
  let debugToken: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    const start = (env: Record<string, string> = {}) =>
      startBff({ loadConfig, module: (c) => WebBffModule.forRoot(c), audience: 'web-bff', stack, env });
    [dev, prod, safelist] = await Promise.all([
      start(),
      start({ NODE_ENV: 'production' }),
      start({ GRAPHQL_PERSISTED_OPERATIONS: 'safelist' }),
    ]);
    [token, debugToken] = await Promise.all([
      mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'web-bff' }),
      mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'web-bff', scope: 'bff:debug' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([dev?.close(), prod?.close(), safelist?.close()]);
    await stack?.close();
  });

  const post = (bff: RunningBff, body: unknown, auth = token) =>
    bff.call('/graphql', {
      method: 'POST',
      token: auth,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const graphql = (query: string, variables: Record<string, unknown> = {}, bff = dev, auth = token) =>
    post(bff, { query, variables }, auth);

  const resetAll = () => Promise.all(UPSTREAMS.map((u) => resetStats(stack.urls[u])));
  const upstreamCalls = async () => {
    const stats = await Promise.all(UPSTREAMS.map((u) => getStats(stack.urls[u])));
    return stats.reduce((sum, s) => sum + s.requests, 0);
  };
  const expectRejected = (res: CallResult, code: string) => {
    expect({ status: res.status, code: res.body?.errors?.[0]?.extensions?.code }).toEqual({
      status: 400,
      code,
    });
    expect(res.body.data ?? null).toBeNull();
    expect(res.text).not.toMatch(/127\.0\.0\.1|stacktrace|\.ts:\d+/);
  };

  const aliases = (n: number, selection = 'id') =>
    `{ ${Array.from({ length: n }, (_, i) => `v${i}: viewer { ${selection} }`).join(' ')} }`;

  describe('each limit rejects its abusive query with HTTP 400 before any upstream call', () => {
    /** The reported bomb: a 4 KB query of aliases spreading one fragment, 10,100 upstream calls unguarded. */
    const aliasBomb = `query Bomb {\n${Array.from({ length: 40 }, (_, i) => `  signed_in_viewer_number_${i}: viewer { ...Orders }\n`).join('')}}
fragment Orders on Viewer {\n${Array.from({ length: 25 }, (_, i) => `  orders_number_${i}: orders(first: 50) { id status total currency createdAt }\n`).join('')}}`;

    it('the alias bomb is a 4 KB document under the size and token limits', () => {
      expect(Buffer.byteLength(aliasBomb)).toBeGreaterThan(3500);
    });

    it.each([
      ['document size', `{ viewer { id } } # ${'x'.repeat(17 * 1024)}`, 'BFF_ERR_GRAPHQL_DOCUMENT_TOO_LARGE'],
      ['token count', `{ viewer { ${'id '.repeat(1500)} } }`, 'BFF_ERR_GRAPHQL_TOO_MANY_TOKENS'],
      [
        'depth',
        `{ __type(name: "Viewer") { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } }`,
        'BFF_ERR_GRAPHQL_TOO_DEEP',
      ],
      ['aliases', aliases(16), 'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES'],
      ['aliases (the 4 KB alias and fragment bomb)', aliasBomb, 'BFF_ERR_GRAPHQL_TOO_MANY_ALIASES'],
      [
        'directives per field',
        `{ viewer { id ${'@include(if: true) '.repeat(6)} } }`,
        'BFF_ERR_GRAPHQL_TOO_MANY_DIRECTIVES',
      ],
      [
        'cost',
        `{ a: viewer { ${FULL_ORDERS} } b: viewer { ${FULL_ORDERS} } }`,
        'BFF_ERR_GRAPHQL_COST_EXCEEDED',
      ],
    ])('%s', async (_name, query, code) => {
      await resetAll();
      const res = await graphql(query);
      expectRejected(res, code);
      expect(await upstreamCalls()).toBe(0);
    });

    it('batched operations (off by default)', async () => {
      await resetAll();
      const res = await post(dev, [{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]);
      expectRejected(res, 'BFF_ERR_GRAPHQL_BATCH_REJECTED');
      expect(await upstreamCalls()).toBe(0);
    });

    it('cyclic fragments', async () => {
      await resetAll();
      const res = await graphql(
        '{ viewer { ...A } } fragment A on Viewer { id ...B } fragment B on Viewer { ...A }',
      );
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(await upstreamCalls()).toBe(0);
    });

    it('a query whose cost comes from its variables', async () => {
      await resetAll();
      const query = `query Q($n: Int) { a: viewer { orders(first: $n) { items { product { id } } } } b: viewer { orders(first: $n) { items { product { id } } } } }`;
      expectRejected(await graphql(query, { n: 500 }), 'BFF_ERR_GRAPHQL_COST_EXCEEDED');
      expect(await upstreamCalls()).toBe(0);
    });
  });

  describe('what a query may do is bounded', () => {
    it('the CONTRACT viewer query runs unchanged with the default limits, up to first: 50', async () => {
      await resetAll();
      const res = await graphql(VIEWER_QUERY, { first: 50 });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.viewer.orders.length).toBeGreaterThan(0);
      // users 1, orders 1, products and stock in batches of at most 100 ids
      expect(await upstreamCalls()).toBeLessThanOrEqual(6);
    });

    it('15 aliases of the deepest, widest selection stay within the cost limit or are rejected', async () => {
      await resetAll();
      const res = await graphql(aliases(15, FULL_ORDERS));
      expectRejected(res, 'BFF_ERR_GRAPHQL_COST_EXCEEDED');
      expect(await upstreamCalls()).toBe(0);
      const allowed = await graphql(
        aliases(15, 'orders(first: 1) { items { product { stock { available } } } }'),
        {},
        dev,
        debugToken,
      );
      expect(allowed.body.extensions.cost).toEqual({ estimated: 15 * 12, limit: 1000 });
      expect(await upstreamCalls()).toBeLessThanOrEqual(15 * 4);
    });

    it('shows extensions.cost to a bff:debug principal only', async () => {
      const debug = await graphql(VIEWER_QUERY, { first: 2 }, dev, debugToken);
      expect(debug.body.extensions.cost).toEqual({ estimated: 22, limit: 1000 });
      const plain = await graphql(VIEWER_QUERY, { first: 2 });
      expect(plain.body.extensions?.cost).toBeUndefined();
    });

    it('property: an accepted operation makes at most as many upstream calls as its cost; a rejected one none', async () => {
      const random = mulberry32(0x5eed);
      let accepted = 0;
      let rejected = 0;
      for (let i = 0; i < 40; i++) {
        const { query, variables } = randomOperation(random);
        expect(Buffer.byteLength(query)).toBeLessThanOrEqual(16 * 1024);
        await resetAll();
        const res = await graphql(query, variables, dev, debugToken);
        const calls = await upstreamCalls();
        const cost = res.body?.extensions?.cost?.estimated;
        if (typeof cost === 'number') {
          accepted++;
          expect({ query, calls: Math.min(calls, cost) }).toEqual({ query, calls });
        } else {
          rejected++;
          expect({ query, status: res.status, calls }).toEqual({ query, status: 400, calls: 0 });
        }
      }
      expect(accepted).toBeGreaterThan(5);
      expect(rejected).toBeGreaterThan(2);
    });
  });

  describe('persisted operations', () => {
    const viewerId = manifest.operations.find((o) => o.name === 'Viewer')!.id;
    const byId = (id: string, variables?: Record<string, unknown>) =>
      `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id } }))}` +
      (variables ? `&variables=${encodeURIComponent(JSON.stringify(variables))}` : '');

    it('safelist mode serves a known operation by id over GET, without a CSRF preflight header', async () => {
      const res = await safelist.call(byId(viewerId, { first: 2 }), { token });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.viewer.orders).toHaveLength(2);
    });

    it('safelist mode refuses an unknown operation, by id or as text, before any upstream call', async () => {
      await resetAll();
      expectRejected(
        await safelist.call(byId('a'.repeat(64)), { token }),
        'BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED',
      );
      expectRejected(
        await graphql('{ viewer { id } }', {}, safelist),
        'BFF_ERR_GRAPHQL_OPERATION_NOT_TRUSTED',
      );
      expect(await upstreamCalls()).toBe(0);
    });

    it('APQ (the default): a query registered over POST runs by id over GET', async () => {
      const query = '{ viewer { id name } }';
      const { createHash } = await import('node:crypto');
      const id = createHash('sha256').update(query).digest('hex');
      const miss = await dev.call(byId(id), { token });
      expect(miss.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      await post(dev, { query, extensions: { persistedQuery: { version: 1, sha256Hash: id } } });
      const hit = await dev.call(byId(id), { token });
      expect(hit.body.data.viewer.id).toBe('u1');
    });

    it('a GET with query text still needs the CSRF preflight header', async () => {
      const path = `/graphql?query=${encodeURIComponent('{ viewer { id } }')}`;
      expectRejected(await dev.call(path, { token }), 'BFF_ERR_GRAPHQL_CSRF_REJECTED');
      const ok = await dev.call(path, { token, headers: { 'apollo-require-preflight': '1' } });
      expect(ok.body.data.viewer.id).toBe('u1');
    });
  });

  describe('production defaults (NODE_ENV=production)', () => {
    it('hides introspection', async () => {
      const res = await graphql('{ __schema { types { name } } }', {}, prod);
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const devRes = await graphql('{ __schema { queryType { name } } }', {}, dev);
      expect(devRes.body.data.__schema.queryType.name).toBe('Query');
    });

    it('masks field suggestions', async () => {
      const res = await graphql('{ viewer { nam } }', {}, prod);
      expect(res.body.errors[0].message).not.toMatch(/Did you mean/);
      expect(res.body.errors[0].message).toMatch(/Suggestion hidden/);
      const devRes = await graphql('{ viewer { nam } }', {}, dev);
      expect(devRes.body.errors[0].message).toMatch(/Did you mean "name"/);
    });

    it('serves no landing page; the demo stack has a GraphQL explorer', async () => {
      const html = { headers: { accept: 'text/html' } };
      const devPage = await dev.call('/graphql', html);
      expect(devPage.status).toBe(200);
      expect(String(devPage.headers['content-type'])).toMatch(/text\/html/);
      const prodPage = await prod.call('/graphql', html);
      expect(String(prodPage.headers['content-type'])).not.toMatch(/text\/html/);
    });

    it('the CONTRACT viewer query still works', async () => {
      const res = await graphql(VIEWER_QUERY, { first: 3 }, prod);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.viewer.orders).toHaveLength(3);
    });
  });
});

/** A small seeded PRNG (mulberry32): the property test is random but repeatable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random operation over the web-bff's schema: aliases, fragments, inline fragments, variables, padding. */
function randomOperation(random: () => number): { query: string; variables: Record<string, unknown> } {
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[int(0, items.length - 1)];
  const some = (fields: readonly string[]) => fields.filter(() => random() < 0.5).join(' ') || fields[0];
  const fragments = new Map<string, string>();
  const variables: Record<string, unknown> = {};

  const stock = () => `stock { available }`;
  const product = () =>
    `product { ${some(['id', 'name', 'price', 'currency'])} ${random() < 0.6 ? stock() : ''} }`;
  const items = () => `items { quantity ${random() < 0.7 ? product() : ''} }`;
  const orderFields = () =>
    `${some(['id', 'status', 'total', 'currency', 'createdAt'])} ${random() < 0.7 ? items() : ''}`;
  const orders = () => {
    let arg = '';
    const how = random();
    if (how < 0.3) arg = `(first: ${int(1, 60)})`;
    else if (how < 0.6) {
      const name = `n${Object.keys(variables).length}`;
      variables[name] = int(1, 60);
      arg = `(first: $${name})`;
    }
    const alias = random() < 0.4 ? `o${int(0, 99)}: ` : '';
    let body = orderFields();
    if (random() < 0.3) {
      fragments.set('OrderBits', `fragment OrderBits on Order { ${orderFields()} }`);
      body = `...OrderBits ${random() < 0.5 ? '... on Order { id }' : ''}`;
    }
    return `${alias}orders${arg} { ${body} }`;
  };
  const viewerBody = () => {
    const parts = [some(['id', 'name', 'email', 'avatarUrl'])];
    for (let i = int(0, 3); i > 0; i--) parts.push(orders());
    if (random() < 0.3) {
      fragments.set('ViewerBits', `fragment ViewerBits on Viewer { id ${orders()} }`);
      parts.push('...ViewerBits');
    }
    return parts.join(' ');
  };
  const roots = Array.from(
    { length: pick([1, 1, 2, 3, 5, 9, 17]) },
    (_, i) => `r${i}: viewer { ${viewerBody()} }`,
  );
  const declared = Object.keys(variables).map((n) => `$${n}: Int`);
  let query = `query P${declared.length ? `(${declared.join(', ')})` : ''} { ${roots.join(' ')} } ${[...fragments.values()].join(' ')}`;
  // Padding (a comment) up to a random size of at most 16 KB: size alone is no reason to refuse.
  const target = pick([0, 0, 1024, 4096, 12 * 1024, 16 * 1024]);
  if (query.length + 3 < target) query += `\n# ${'.'.repeat(target - query.length - 3)}`;
  return { query, variables };
}
