import { AuthenticateStep, Authenticator } from '@bff/auth';
import { getStats, mintUserToken, resetStats, setFaults, clearFaults } from '@bff/testing';
import { loadConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';
import { VIEWER_QUERY } from './support/web-operations';

describe('web-bff (e2e, GraphQL over real HTTP)', () => {
  let bff: RunningBff;
  let token: string;

  const graphql = (query: string, variables: Record<string, unknown> = {}, auth: string | null = token) =>
    bff.call('/graphql', {
      method: 'POST',
      token: auth ?? undefined,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });

  beforeAll(async () => {
    bff = await startBff({ loadConfig, module: (c) => WebBffModule.forRoot(c), audience: 'web-bff' });
    token = await mintUserToken(bff.stack.urls.idp, { sub: 'u1', aud: 'web-bff' });
  });
  afterAll(() => bff.close());

  it('resolves viewer, orders, items, products and stock', async () => {
    const res = await graphql(VIEWER_QUERY, { first: 2 });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store'); // per-user data, never cached on the way
    expect(res.body.errors).toBeUndefined();
    const viewer = res.body.data.viewer;
    expect(viewer).toMatchObject({ id: 'u1', name: expect.any(String), email: expect.stringContaining('@') });
    expect(viewer.orders).toHaveLength(2);
    const item = viewer.orders[0].items[0];
    expect(item).toEqual({
      quantity: expect.any(Number),
      product: {
        id: expect.any(String),
        name: expect.any(String),
        price: expect.any(Number),
        stock: { available: expect.any(Number) },
      },
    });
  });

  it('10 orders x 3 items cost one catalog call and one inventory call (per-request DataLoaders)', async () => {
    const { catalog, inventory } = bff.stack.urls;
    await Promise.all([resetStats(catalog), resetStats(inventory)]);
    const res = await graphql(VIEWER_QUERY, { first: 10 });
    expect(res.body.errors).toBeUndefined();
    const orders = res.body.data.viewer.orders;
    expect(orders).toHaveLength(10);
    expect(orders.every((o: { items: unknown[] }) => o.items.length === 3)).toBe(true);
    const [c, i] = await Promise.all([getStats(catalog), getStats(inventory)]);
    expect(c.requests).toBe(1);
    expect(c.byRoute).toEqual({ 'GET /products': 1 });
    expect(i.requests).toBe(1);
    expect(i.byRoute).toEqual({ 'GET /stock': 1 });
  });

  it('loaders are per request: a second query calls the upstreams again', async () => {
    const { catalog } = bff.stack.urls;
    await resetStats(catalog);
    await graphql(VIEWER_QUERY, { first: 1 });
    await graphql(VIEWER_QUERY, { first: 1 });
    expect((await getStats(catalog)).requests).toBe(2);
  });

  it.each([
    ['no token', null],
    ['a garbage token', 'garbage'],
  ])('answers HTTP 401 with WWW-Authenticate for %s', async (_name, auth) => {
    const res = await graphql(VIEWER_QUERY, {}, auth);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(res.body.errors[0].extensions.code).toMatch(/^BFF_ERR_AUTH_/);
    expect(res.body.data ?? null).toBeNull();
  });

  it('verifies the token once per HTTP request and sends the verified user id upstream', async () => {
    const { users } = bff.stack.urls;
    await resetStats(users);
    const res = await bff.call('/graphql', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'x-user-id': 'u2' },
      body: JSON.stringify({ query: '{ a: viewer { id } b: viewer { id } }' }),
    });
    expect(res.body.data).toEqual({ a: { id: 'u1' }, b: { id: 'u1' } });
    const stats = await getStats(users);
    // The two aliased fields read the same user concurrently: coalesced into one upstream call.
    expect(stats.byRoute).toEqual({ 'GET /users/:id': 1 });
    expect(stats.lastHeaders?.['x-request-id']).toBe(res.headers['x-request-id']);
    expect(stats.lastHeaders?.['x-user-id']).toBe('u1');
  });

  it('a spoofed x-user-id changes nothing', async () => {
    const res = await bff.call('/graphql', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json', 'x-user-id': 'u2' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(res.body.data.viewer.id).toBe('u1');
  });

  it('an upstream failure is a GraphQL error with a catalog code and no internals', async () => {
    await setFaults(bff.stack.urls.users, { errorRate: 1, errorStatus: 500 });
    try {
      const res = await graphql('{ viewer { id } }');
      expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_DOWNSTREAM_BAD_GATEWAY');
      expect(res.text).not.toMatch(/127\.0\.0\.1|stacktrace|\.ts:\d+/);
    } finally {
      await clearFaults(bff.stack.urls.users);
    }
  });

  it.each([0, 51])('rejects orders(first: %i) with a validation code', async (first) => {
    const res = await graphql(VIEWER_QUERY, { first });
    expect(res.body.errors[0].extensions.code).toBe('BFF_ERR_VALIDATION');
  });

  it('a missing token is refused before any upstream call, with the realm in the challenge', async () => {
    const { users } = bff.stack.urls;
    await resetStats(users);
    const res = await graphql('{ a: viewer { id } b: viewer { id } }', {}, null);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="web-bff"');
    expect(res.body.errors).toEqual([
      { message: expect.any(String), extensions: { code: 'BFF_ERR_AUTH_MISSING', status: 401 } },
    ]);
    expect((await getStats(users)).requests).toBe(0);
  });

  it('admits once per HTTP request, however many root fields the operation selects', async () => {
    const authenticate = jest.spyOn(bff.app.get(Authenticator), 'authenticate');
    const step = jest.spyOn(bff.app.get(AuthenticateStep), 'admit');
    try {
      const res = await graphql('{ a: viewer { id } b: viewer { name } c: viewer { email } }');
      expect(res.body.errors).toBeUndefined();
      expect(Object.keys(res.body.data)).toEqual(['a', 'b', 'c']);
      expect(step).toHaveBeenCalledTimes(1);
      expect(authenticate).toHaveBeenCalledTimes(1);
      await graphql('{ viewer { id } }');
      expect(authenticate).toHaveBeenCalledTimes(2);
    } finally {
      authenticate.mockRestore();
      step.mockRestore();
    }
  });

  describe('a field that needs a scope (Order.partnerId needs orders:internal)', () => {
    const ORDERS_QUERY = '{ viewer { id orders(first: 3) { id status partnerId } } }';

    it('is a forbidden error on that field for a caller without the scope; the rest of the data is kept', async () => {
      const res = await graphql(ORDERS_QUERY);
      expect(res.status).toBe(200);
      const orders = res.body.data.viewer.orders as { id: string; status: string; partnerId: null }[];
      expect(res.body.data.viewer.id).toBe('u1');
      expect(orders).toHaveLength(3);
      for (const order of orders) {
        expect(order).toEqual({ id: expect.any(String), status: expect.any(String), partnerId: null });
      }
      expect(res.body.errors).toEqual(
        orders.map((_o, i) => ({
          message: expect.any(String),
          locations: expect.any(Array),
          path: ['viewer', 'orders', i, 'partnerId'],
          extensions: { code: 'BFF_ERR_AUTH_FORBIDDEN', status: 403 },
        })),
      );
    });

    it('resolves for a caller with the scope, as the upstream has it', async () => {
      const staff = await mintUserToken(bff.stack.urls.idp, {
        sub: 'u1',
        aud: 'web-bff',
        scope: 'orders:internal',
      });
      const res = await graphql(ORDERS_QUERY, {}, staff);
      expect(res.body.errors).toBeUndefined();
      const orders = res.body.data.viewer.orders as { id: string; partnerId: string | null }[];
      expect(orders).toHaveLength(3);
      for (const order of orders) {
        const upstream = (await fetch(`${bff.stack.urls.orders}/orders/${order.id}`).then((r) =>
          r.json(),
        )) as {
          partnerId: string | null;
        };
        expect(order.partnerId).toBe(upstream.partnerId);
      }
    });

    it('does not affect queries that do not select it', async () => {
      const res = await graphql(VIEWER_QUERY, { first: 1 });
      expect(res.body.errors).toBeUndefined();
    });
  });

  describe('degraded parts', () => {
    it('an answer with nothing degraded carries no extensions.degraded', async () => {
      const res = await graphql(VIEWER_QUERY, { first: 2 });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.extensions?.degraded).toBeUndefined();
    });

    it('stock degrades to null when the inventory fails, listed once in extensions.degraded', async () => {
      await setFaults(bff.stack.urls.inventory, { errorRate: 1 });
      try {
        const res = await graphql(VIEWER_QUERY, { first: 3 });
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        const items = (
          res.body.data.viewer.orders as { items: { product: { name: string; stock: unknown } }[] }[]
        ).flatMap((o) => o.items);
        expect(items.length).toBeGreaterThan(1);
        for (const item of items) {
          expect(item.product).toMatchObject({ name: expect.any(String), stock: null });
        }
        expect(res.body.extensions.degraded).toEqual([
          { part: 'stock', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' },
        ]);
      } finally {
        await clearFaults(bff.stack.urls.inventory);
      }
      const healed = await graphql(VIEWER_QUERY, { first: 1 });
      expect(healed.body.extensions?.degraded).toBeUndefined();
      expect(healed.body.data.viewer.orders[0].items[0].product.stock).toEqual({
        available: expect.any(Number),
      });
    });
  });

  it('malformed GraphQL is a 400, never a 500', async () => {
    const res = await graphql('{ viewer { ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
