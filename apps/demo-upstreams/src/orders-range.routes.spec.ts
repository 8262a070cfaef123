import type { FastifyInstance } from 'fastify';
import { createOrdersService } from './orders.service';
import { ARCHIVE_FROM, ARCHIVE_TO, PARTNER_ARCHIVES } from './partner-archive';
import { createSeedData, type Order } from './seed-data';

type RangePage = { items: Order[]; nextCursor: string | null; total: number };

describe('orders by partner and date range (GET /partners/:partnerId/orders)', () => {
  const data = createSeedData();
  let app: FastifyInstance;
  beforeAll(() => (app = createOrdersService(data)).ready());
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: path });
    return { status: res.statusCode, body: res.json() };
  };

  async function walk(partnerId: string, from: string, to: string, limit: number) {
    const items: Order[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let total = -1;
    do {
      const query: string = `from=${from}&to=${to}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await get(`/partners/${partnerId}/orders?${query}`);
      expect(status).toBe(200);
      const page = body as RangePage;
      items.push(...page.items);
      ({ total } = page);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { items, pages, total };
  }

  it("serves acme's whole archive in order, page by page, with the range's total", async () => {
    const { items, pages, total } = await walk('partner-acme', '2023-01-01', '2024-01-01', 1000);
    expect(PARTNER_ARCHIVES['partner-acme']).toBe(10_000);
    expect({ count: items.length, pages, total }).toEqual({ count: 10_000, pages: 10, total: 10_000 });
    expect(new Set(items.map((o) => o.id)).size).toBe(10_000);
    expect(items.every((o) => o.partnerId === 'partner-acme')).toBe(true);
    expect(items.every((o) => o.createdAt >= ARCHIVE_FROM && o.createdAt < ARCHIVE_TO)).toBe(true);
    for (let i = 1; i < items.length; i++) expect(items[i - 1].createdAt <= items[i].createdAt).toBe(true);
  });

  it('includes the live orders after the archive, and only those in the range ([from, to))', async () => {
    const expected = data.orders.filter(
      (o) => o.partnerId === 'partner-globex' && o.createdAt >= '2024-03-01' && o.createdAt < '2024-06-01',
    );
    const { items, total } = await walk('partner-globex', '2024-03-01', '2024-06-01T00:00:00Z', 7);
    expect(expected.length).toBeGreaterThan(10);
    expect(items.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    expect(total).toBe(expected.length);
    const all = await walk('partner-acme', '2023-01-01', '2026-01-01', 1000);
    const live = data.orders.filter((o) => o.partnerId === 'partner-acme').length;
    expect(all.total).toBe(10_000 + live);
  });

  it('generates the same archive for every start', async () => {
    const other = createOrdersService(createSeedData());
    const first = (
      await other.inject({ url: '/partners/partner-acme/orders?from=2023-01-01&to=2023-02-01' })
    ).json();
    expect(first).toEqual((await get('/partners/partner-acme/orders?from=2023-01-01&to=2023-02-01')).body);
    await other.close();
  });

  it.each([
    ['/partners/partner-acme/orders?to=2024-01-01', /from and to/],
    ['/partners/partner-acme/orders?from=2024-01-01&to=2023-01-01', /from <= to/],
    ['/partners/partner-acme/orders?from=2023-01-01T00:00&to=2024-01-01', /ISO 8601/],
    ['/partners/partner-acme/orders?from=2023-01-01&to=2024-01-01&limit=1001', /limit/],
    ['/partners/partner-acme/orders?from=2023-01-01&to=2024-01-01&cursor=bm9wZQ', /cursor/],
    ['/partners/partner-acme/orders?from=2023-01-01&from=2023-02-01&to=2024-01-01', /once/],
  ])('answers 400 bad_request to %s', async (path, message) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'bad_request', message: expect.stringMatching(message) });
  });
});
