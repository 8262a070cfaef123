import { DemoStack, startDemoStack } from './demo-stack';
import type { Product, StockRow, User } from './seed-data';
import type { UpstreamErrorBody } from './service-app';

async function get<T = UpstreamErrorBody>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

describe('demo stack: users, catalog, inventory', () => {
  let stack: DemoStack;
  beforeAll(async () => {
    stack = await startDemoStack();
  });
  afterAll(() => stack.close());

  it('serves a user by id and 404s an unknown one', async () => {
    const { status, body } = await get<User>(`${stack.urls.users}/users/u1`);
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['avatarUrl', 'createdAt', 'email', 'id', 'name']);
    expect(body).toMatchObject({ id: 'u1', avatarUrl: 'https://cdn.example.com/avatars/u1.png' });
    expect(await get(`${stack.urls.users}/users/u0`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'User u0 not found' },
    });
  });

  it.each([
    ['users', '/users?ids=u2,nope,u1,u2', ['u2', 'u1']],
    ['catalog', '/products?ids=p3,p9999,p1', ['p3', 'p1']],
  ] as const)('%s batch keeps the requested order and omits unknown ids', async (service, path, ids) => {
    const { status, body } = await get<{ items: Array<{ id: string }> }>(`${stack.urls[service]}${path}`);
    expect(status).toBe(200);
    expect(body.items.map((item) => item.id)).toEqual(ids);
  });

  it('serves a product with its fixed shape', async () => {
    const { body } = await get<Product>(`${stack.urls.catalog}/products/p1`);
    expect(Object.keys(body).sort()).toEqual(
      ['category', 'currency', 'description', 'id', 'name', 'price', 'thumbnailUrl'].sort(),
    );
    expect(body.currency).toBe('EUR');
  });

  it('lists a stock row for every known product, some of them at zero', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `p${i + 1}`);
    const { status, body } = await get<{ items: StockRow[] }>(
      `${stack.urls.inventory}/stock?productIds=${ids}`,
    );
    expect(status).toBe(200);
    expect(body.items.map((row) => row.productId)).toEqual(ids);
    for (const row of body.items) {
      expect(Number.isInteger(row.available) && row.available >= 0).toBe(true);
      expect(Number.isNaN(Date.parse(row.updatedAt))).toBe(false);
    }
    expect(body.items.some((row) => row.available === 0)).toBe(true);
  });

  it.each([
    ['users', '/users'],
    ['catalog', `/products?ids=${Array.from({ length: 101 }, (_, i) => `p${i + 1}`).join(',')}`],
    ['inventory', '/stock'],
  ] as const)('%s answers 400 bad_request for a missing or too long id list (%s)', async (service, path) => {
    const { status, body } = await get(`${stack.urls[service]}${path}`);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
  });

  it('answers JSON 404 for an unknown route and 400 for malformed JSON', async () => {
    expect((await get(`${stack.urls.users}/nope`)).body.error).toBe('not_found');
    const res = await fetch(`${stack.urls.orders}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"userId": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('bad_request');
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const res = await fetch(`${stack.urls.orders}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(70_000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: string }).error).toBe('payload_too_large');
  });

  it('serves the same data from a second, independent start', async () => {
    const other = await startDemoStack();
    try {
      for (const [service, path] of [
        ['users', '/users?ids=u1,u500,u1000'],
        ['catalog', '/products?ids=p1,p2500,p5000'],
        ['inventory', '/stock?productIds=p1,p2500,p5000'],
        ['orders', '/orders?userId=u1&limit=100'],
      ] as const) {
        const [mine, theirs] = await Promise.all([
          get<unknown>(`${stack.urls[service]}${path}`),
          get<unknown>(`${other.urls[service]}${path}`),
        ]);
        expect(theirs.status).toBe(200);
        expect(theirs.body).toEqual(mine.body);
      }
    } finally {
      await other.close();
    }
  });
});
