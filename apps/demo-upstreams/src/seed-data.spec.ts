import { createSeedData, orderTotal, SEED_COUNTS } from './seed-data';

describe('createSeedData', () => {
  const data = createSeedData();

  it('is deterministic: two builds are identical', () => {
    const again = createSeedData();
    expect([...again.users.values()]).toEqual([...data.users.values()]);
    expect([...again.products.values()]).toEqual([...data.products.values()]);
    expect([...again.stock.values()]).toEqual([...data.stock.values()]);
    expect(again.orders).toEqual(data.orders);
  });

  it('has users u1..u1000 and products p1..p5000, each product with a stock row', () => {
    expect(data.users.size).toBe(SEED_COUNTS.users);
    expect(data.users.has('u1') && data.users.has('u1000') && !data.users.has('u1001')).toBe(true);
    expect(data.products.size).toBe(SEED_COUNTS.products);
    expect(data.products.has('p5000') && !data.products.has('p5001')).toBe(true);
    expect(data.stock.size).toBe(SEED_COUNTS.products);
    for (const product of data.products.values()) {
      expect(Number.isInteger(Math.round(product.price * 100))).toBe(true);
      expect(product.thumbnailUrl).toMatch(/^https:\/\/cdn\.example\.com\//);
    }
  });

  it('gives u1 exactly 12 orders of exactly 3 items, and every other user 3 to 6 orders of 1 to 4 items', () => {
    const byUser = new Map<string | null, number>();
    for (const order of data.orders) {
      byUser.set(order.userId, (byUser.get(order.userId) ?? 0) + 1);
      if (order.userId === 'u1') expect(order.items).toHaveLength(3);
      else expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(order.items.length).toBeLessThanOrEqual(4);
      expect(order.total).toBe(orderTotal(order.items));
    }
    expect(byUser.get('u1')).toBe(12);
    for (const [userId, count] of byUser) {
      if (userId !== 'u1') expect(count >= 3 && count <= 6).toBe(true);
    }
    expect(byUser.size).toBe(SEED_COUNTS.users);
  });

  it('marks about 15% of products out of stock and about a third of orders as partner-acme', () => {
    const zero = [...data.stock.values()].filter((row) => row.available === 0).length / data.stock.size;
    expect(zero).toBeGreaterThan(0.12);
    expect(zero).toBeLessThan(0.18);
    const acme = data.orders.filter((o) => o.partnerId === 'partner-acme').length / data.orders.length;
    expect(acme).toBeGreaterThan(0.28);
    expect(acme).toBeLessThan(0.38);
    expect(data.orders.some((o) => o.partnerId === 'partner-globex')).toBe(true);
  });

  it('numbers orders by creation time (o1 is the oldest)', () => {
    data.orders.forEach((order, i) => {
      expect(order.id).toBe(`o${i + 1}`);
      if (i > 0) expect(order.createdAt >= data.orders[i - 1].createdAt).toBe(true);
    });
  });
});
