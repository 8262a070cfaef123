import { DemoStack, startDemoStack } from './demo-stack';
import type { Order, Product } from './seed-data';
import type { UpstreamErrorBody } from './service-app';

type Page = { items: Order[]; nextCursor: string | null };

async function call<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

function post<T = Order>(url: string, body: unknown) {
  return call<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('orders service', () => {
  let stack: DemoStack;
  let orders: string;
  beforeAll(async () => {
    stack = await startDemoStack();
    orders = stack.urls.orders;
  });
  afterAll(() => stack.close());

  async function walk(query: string, limit: number): Promise<{ items: Order[]; pages: number }> {
    const items: Order[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `${orders}/orders?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await call<Page>(url);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(limit);
      items.push(...body.items);
      cursor = body.nextCursor;
      pages++;
    } while (cursor !== null);
    return { items, pages };
  }

  it('lists u1: exactly 12 orders of 3 items, newest first, default page 20', async () => {
    const { status, body } = await call<Page>(`${orders}/orders?userId=u1`);
    expect(status).toBe(200);
    expect(body.items).toHaveLength(12);
    expect(body.nextCursor).toBeNull();
    for (const [i, order] of body.items.entries()) {
      expect(order).toMatchObject({ userId: 'u1', currency: 'EUR' });
      expect(order.items).toHaveLength(3);
      if (i > 0) expect(order.createdAt <= body.items[i - 1].createdAt).toBe(true);
    }
  });

  it('walks every page with a cursor, without duplicates or gaps', async () => {
    const { items, pages } = await walk('userId=u1', 5);
    expect(pages).toBe(3);
    expect(new Set(items.map((o) => o.id)).size).toBe(12);
    const all = (await call<Page>(`${orders}/orders?userId=u1&limit=100`)).body.items;
    expect(items.map((o) => o.id)).toEqual(all.map((o) => o.id));
  });

  it('filters by partner and status across pages', async () => {
    const { items, pages } = await walk('partnerId=partner-globex&status=delivered', 7);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(items.map((o) => o.id)).size).toBe(items.length);
    for (const order of items)
      expect(order).toMatchObject({ partnerId: 'partner-globex', status: 'delivered' });
  });

  it('gets one order by id and 404s an unknown one', async () => {
    const first = (await call<Page>(`${orders}/orders?userId=u1&limit=1`)).body.items[0];
    expect((await call<Order>(`${orders}/orders/${first.id}`)).body).toEqual(first);
    expect(await call(`${orders}/orders/o0`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'Order o0 not found' },
    });
  });

  it.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'status=lost',
    'cursor=%%%',
    `cursor=${Buffer.from('x:1').toString('base64url')}`,
  ])('answers 400 bad_request for %s', async (query) => {
    const { status, body } = await call<UpstreamErrorBody>(`${orders}/orders?userId=u1&${query}`);
    expect(status).toBe(400);
    expect(body.error).toBe('bad_request');
  });

  it('creates a pending order priced from the catalog, listed first for its user', async () => {
    const [p1, p2] = (await call<{ items: Product[] }>(`${stack.urls.catalog}/products?ids=p1,p2`)).body
      .items;
    const { status, body } = await post(`${orders}/orders`, {
      userId: 'u2',
      partnerId: 'partner-acme',
      items: [
        { productId: 'p1', quantity: 2 },
        { productId: 'p2', quantity: 1 },
      ],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      userId: 'u2',
      partnerId: 'partner-acme',
      status: 'pending',
      currency: 'EUR',
      total: Math.round((2 * p1.price + p2.price) * 100) / 100,
      items: [
        { productId: 'p1', quantity: 2, unitPrice: p1.price },
        { productId: 'p2', quantity: 1, unitPrice: p2.price },
      ],
    });
    expect((await call<Order>(`${orders}/orders/${body.id}`)).body).toEqual(body);
    expect((await call<Page>(`${orders}/orders?userId=u2&limit=1`)).body.items[0].id).toBe(body.id);
    expect((await call<Page>(`${orders}/orders?partnerId=partner-acme&limit=1`)).body.items[0].id).toBe(
      body.id,
    );
    const second = await post(`${orders}/orders`, {
      userId: 'u2',
      items: [{ productId: 'p3', quantity: 1 }],
    });
    expect(second.body.partnerId).toBeNull();
    expect(second.body.id).not.toBe(body.id);
  });

  it('keeps paging stable when an order is created mid-walk', async () => {
    const firstPage = (await call<Page>(`${orders}/orders?userId=u1&limit=5`)).body;
    await post(`${orders}/orders`, { userId: 'u1', items: [{ productId: 'p1', quantity: 1 }] });
    const secondPage = (await call<Page>(`${orders}/orders?userId=u1&limit=5&cursor=${firstPage.nextCursor}`))
      .body;
    const ids = [...firstPage.items, ...secondPage.items].map((o) => o.id);
    expect(new Set(ids).size).toBe(10);
  });

  it.each([
    [400, 'bad_request', { items: [{ productId: 'p1', quantity: 1 }] }],
    [400, 'bad_request', { userId: 'u1', items: [] }],
    [400, 'bad_request', { userId: 'u1', items: [{ productId: 'p1', quantity: 0 }] }],
    [400, 'bad_request', { userId: 'u1', items: [{ productId: 'p1', quantity: 1.5 }] }],
    [400, 'bad_request', [1, 2]],
    [422, 'unprocessable', { userId: 'u1', items: [{ productId: 'p0', quantity: 1 }] }],
    [422, 'unprocessable', { userId: 'u0', items: [{ productId: 'p1', quantity: 1 }] }],
  ])('refuses a bad order with %i %s (%j)', async (status, error, body) => {
    const res = await post<UpstreamErrorBody>(`${orders}/orders`, body);
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
  });
});
