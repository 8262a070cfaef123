import type { FastifyInstance } from 'fastify';
import { createOrdersService } from './orders.service';
import { createSeedData } from './seed-data';

describe('orders service: partner orders and Idempotency-Key', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = createOrdersService(createSeedData());
    await app.ready();
  });
  afterAll(() => app.close());

  const create = (body: unknown, key?: string) =>
    app.inject({
      method: 'POST',
      url: '/orders',
      headers: key === undefined ? {} : { 'idempotency-key': key },
      payload: body as object,
    });
  const order = { partnerId: 'partner-acme', items: [{ productId: 'p42', quantity: 2 }] };

  it('creates a partner order without an end user', async () => {
    const res = await create(order);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ partnerId: 'partner-acme', userId: null, status: 'pending' });
  });

  it('answers a repeat of a key with the first order, per orderer, and refuses another body', async () => {
    const first = await create(order, '"k-1"');
    const again = await create(order, '"k-1"');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.headers.location).toBe(first.headers.location);
    const globex = await create({ ...order, partnerId: 'partner-globex' }, '"k-1"');
    expect(globex.json().id).not.toBe(first.json().id);
    const other = await create({ ...order, items: [{ productId: 'p42', quantity: 3 }] }, '"k-1"');
    expect(other.statusCode).toBe(422);
    expect(other.json().error).toBe('unprocessable');
  });

  it.each([
    ['neither a user nor a partner', { items: order.items }, undefined],
    ['an empty key', order, ''],
    ['a key over 300 characters', order, 'k'.repeat(301)],
  ])('refuses %s with 400', async (_what, body, key) => {
    const res = await create(body, key);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
  });
});
