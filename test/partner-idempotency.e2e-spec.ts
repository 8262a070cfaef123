import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyManager, FileApiKeyStore } from '@bff/auth';
import Redis from 'ioredis';
import { request } from 'undici';
import { FakeClock } from '@bff/core';
import { IdempotencyStore, requestFingerprint } from '@bff/idempotency';
import {
  clearFaults,
  DEMO_PARTNERS,
  fetchClientToken,
  getStats,
  setFaults,
  startRedisServer,
  type TestRedisServer,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { expectProblem, type CallResult, type RunningBff } from './support/bff-harness';
import { startCheckedPartnerBff } from './support/partner-bff';

const DAY_MS = 86_400_000;
type CheckedBff = Awaited<ReturnType<typeof startCheckedPartnerBff>>;
const ORDER = { items: [{ productId: 'p42', quantity: 2 }] };

/**
 * A partner-bff in front of `stack`, on its own resilience state (breakers, retry budget) and store, whose every
 * answer is checked against the OpenAPI documents it serves.
 */
function partnerBff(stack: DemoStack, options: { env?: Record<string, string>; clock?: FakeClock } = {}) {
  return startCheckedPartnerBff(stack, { RATE_LIMIT_ENABLED: 'false', ...options.env }, options);
}

/** `POST /v1/orders` with the key as the draft writes it (an sf-string), when given. */
function createOrder(
  bff: RunningBff,
  token: string,
  key?: string,
  body: unknown = ORDER,
): Promise<CallResult> {
  return bff.call('/v1/orders', {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': `"${key}"` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Orders the orders upstream was asked to create so far (counted by the upstream itself). */
async function upstreamCreates(stack: DemoStack): Promise<number> {
  return (await getStats(stack.urls.orders)).byRoute['POST /orders'] ?? 0;
}

/** Resolves once the orders upstream has received `count` creates (the upstream's own count). */
async function untilUpstreamCreates(stack: DemoStack, count: number): Promise<void> {
  for (let i = 0; i < 500 && (await upstreamCreates(stack)) < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(await upstreamCreates(stack)).toBe(count);
}

function expectCreated(res: CallResult): void {
  expect(res.status).toBe(201);
  expect(res.body).toEqual({
    id: expect.stringMatching(/^o\d+$/),
    status: 'pending',
    total: expect.any(Number),
    currency: 'EUR',
    createdAt: expect.any(String),
    items: [{ productId: 'p42', quantity: 2, unitPrice: expect.any(Number) }],
  });
  expect(res.headers.location).toBe(`/v1/orders/${res.body.id}`);
}

describe('partner-bff idempotent writes (e2e, real upstreams, real tokens)', () => {
  let stack: DemoStack;
  let bff: CheckedBff;
  let acme: string;
  let globex: string;
  let acmeApiKey: string;
  const keysDir = mkdtempSync(join(tmpdir(), 'bff-idempotency-keys-'));

  beforeAll(async () => {
    stack = await startDemoStack();
    const keysFile = join(keysDir, 'api-keys.json');
    ({ key: acmeApiKey } = await new ApiKeyManager(new FileApiKeyStore(keysFile)).create({
      clientId: 'partner-acme',
      tenant: 'acme',
      tier: 'gold',
      scopes: ['orders:read', 'orders:write'],
    }));
    bff = await partnerBff(stack, { env: { AUTH_API_KEYS_FILE: keysFile } });
    acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    globex = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.globex);
  });
  afterAll(async () => {
    const checked = bff?.checked();
    await bff?.close();
    await stack?.close();
    rmSync(keysDir, { recursive: true, force: true });
    expect(checked).toBeGreaterThan(50); // every answer above was checked against the documents
  });
  afterEach(() => clearFaults(stack.urls.orders));

  describe('POST /v1/orders', () => {
    it('creates an order for the calling partner: 201, the order, its Location', async () => {
      const res = await createOrder(bff, acme, randomUUID());
      expectCreated(res);
      const upstream = await fetch(`${stack.urls.orders}/orders/${res.body.id}`).then((r) => r.json());
      expect(upstream).toMatchObject({ partnerId: 'partner-acme', userId: null });
      const read = await bff.call(res.headers.location as string, { token: acme });
      expect(read.body).toEqual(res.body);
    });

    it('a write without a key runs, each time', async () => {
      const before = await upstreamCreates(stack);
      const [first, second] = [await createOrder(bff, acme), await createOrder(bff, acme)];
      expectCreated(first);
      expectCreated(second);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(await upstreamCreates(stack)).toBe(before + 2);
    });

    it.each([
      [
        'an unknown field',
        { ...ORDER, note: 'x' },
        /^Unknown body field "note" \(rule: additionalProperties\)/,
      ],
      [
        'an unknown item field',
        { items: [{ productId: 'p42', quantity: 2, price: 1 }] },
        /Unknown body field "items\[0\]\.price"/,
      ],
      ['no items', { items: [] }, /Body field "items" must NOT have fewer than 1 items \(rule: minItems\)/],
      [
        'a zero quantity',
        { items: [{ productId: 'p42', quantity: 0 }] },
        /"items\[0\]\.quantity" must be >= 1/,
      ],
      ['a fractional quantity', { items: [{ productId: 'p42', quantity: 1.5 }] }, /"items\[0\]\.quantity"/],
      ['a quoted quantity', { items: [{ productId: 'p42', quantity: '2' }] }, /"items\[0\]\.quantity"/],
      ['a malformed product id', { items: [{ productId: '../p1', quantity: 1 }] }, /"items\[0\]\.productId"/],
      ['an array', [ORDER], /The request body must be object/],
    ])(
      'refuses %s with a 400 naming the field, without calling the upstream',
      async (_what, body, detail) => {
        const before = await upstreamCreates(stack);
        const res = await createOrder(bff, acme, randomUUID(), body);
        expectProblem(res, 400, 'BFF_ERR_VALIDATION');
        expect(res.body.detail).toMatch(detail);
        expect(await upstreamCreates(stack)).toBe(before);
      },
    );

    it('POST /v2/orders creates the same way, answering the v2 shape (money in minor units)', async () => {
      const key = randomUUID();
      const res = await bff.call('/v2/orders', {
        method: 'POST',
        token: acme,
        headers: { 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
        body: JSON.stringify(ORDER),
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^o\d+$/),
        total: { amount: expect.any(Number), currency: 'EUR' },
        items: [
          { productId: 'p42', quantity: 2, unitPrice: { amount: expect.any(Number), currency: 'EUR' } },
        ],
      });
      expect(res.headers.location).toBe(`/v2/orders/${res.body.id}`);
      expect(res.headers.deprecation).toBeUndefined();
      const v1 = await bff.call(`/v1/orders/${res.body.id}`, { token: acme });
      expect(res.body.total.amount).toBe(Math.round(v1.body.total * 100));
      // a key belongs to one request: the same key on the other version is another request
      expectProblem(await createOrder(bff, acme, key), 422, 'BFF_ERR_UNPROCESSABLE');
    });

    it('needs the orders:write scope', async () => {
      const reader = await fetchClientToken(stack.urls.idp, { ...DEMO_PARTNERS.acme, scope: 'orders:read' });
      expectProblem(await createOrder(bff, reader, randomUUID()), 403, 'BFF_ERR_AUTH_FORBIDDEN');
    });
  });

  describe('Idempotency-Key', () => {
    it('replays a retry (status, body, Location, marked) without calling the upstream again', async () => {
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const first = await createOrder(bff, acme, key);
      expectCreated(first);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // the same request with its fields in another order and other whitespace is the same write
      const retries = [
        await createOrder(bff, acme, key),
        await createOrder(bff, acme, key, '{ "items": [ { "quantity": 2.0, "productId": "p42" } ] }'),
      ];
      for (const retry of retries) {
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual(first.body);
        expect(retry.headers.location).toBe(first.headers.location);
        expect(retry.headers['idempotent-replayed']).toBe('true');
      }
      expect(await upstreamCreates(stack)).toBe(before + 1);
    });

    it('hands the key to the upstream, which knows the order it created with it', async () => {
      const key = randomUUID();
      const res = await createOrder(bff, acme, key);
      const upstream = await fetch(`${stack.urls.orders}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `"${key}"` },
        body: JSON.stringify({ partnerId: 'partner-acme', items: ORDER.items }),
      });
      expect(upstream.status).toBe(201);
      expect(upstream.headers.get('idempotent-replayed')).toBe('true');
      expect(((await upstream.json()) as { id: string }).id).toBe(res.body.id);
    });

    it('the same key with another body is a 422, and the upstream is not called', async () => {
      const key = randomUUID();
      expectCreated(await createOrder(bff, acme, key));
      const before = await upstreamCreates(stack);
      const other = await createOrder(bff, acme, key, { items: [{ productId: 'p42', quantity: 3 }] });
      expectProblem(other, 422, 'BFF_ERR_UNPROCESSABLE');
      expect(other.body.detail).toMatch(/Idempotency-Key was used with another request/);
      expect(await upstreamCreates(stack)).toBe(before);
    });

    it('a retry while the first is still running is a 409 with Retry-After; then it replays', async () => {
      await setFaults(stack.urls.orders, { latencyMs: 1500 });
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const first = createOrder(bff, acme, key);
      await untilUpstreamCreates(stack, before + 1);
      const during = await createOrder(bff, acme, key);
      expectProblem(during, 409, 'BFF_ERR_CONFLICT');
      expect(during.headers['retry-after']).toBe('1');
      // another body is a 422 even while the first runs
      const other = await createOrder(bff, acme, key, { items: [{ productId: 'p1', quantity: 1 }] });
      expectProblem(other, 422, 'BFF_ERR_UNPROCESSABLE');
      const done = await first;
      expectCreated(done);
      await clearFaults(stack.urls.orders);
      const after = await createOrder(bff, acme, key);
      expect(after.headers['idempotent-replayed']).toBe('true');
      expect(after.body.id).toBe(done.body.id);
      expect(await upstreamCreates(stack)).toBe(before + 1);
    });

    it('keys are scoped per partner: the same key creates one order for each', async () => {
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const forAcme = await createOrder(bff, acme, key);
      const forGlobex = await createOrder(bff, globex, key);
      expectCreated(forAcme);
      expectCreated(forGlobex);
      expect(forGlobex.headers['idempotent-replayed']).toBeUndefined();
      expect(forGlobex.body.id).not.toBe(forAcme.body.id);
      expect((await createOrder(bff, globex, key)).body.id).toBe(forGlobex.body.id);
      expect((await createOrder(bff, acme, key)).body.id).toBe(forAcme.body.id);
      expect(await upstreamCreates(stack)).toBe(before + 2);
      const globexOrder = await bff.call(`/v1/orders/${forGlobex.body.id}`, { token: acme });
      expectProblem(globexOrder, 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
    });

    it('a partner’s API key and its token share the partner’s keys', async () => {
      const key = randomUUID();
      const byToken = await createOrder(bff, acme, key);
      const byApiKey = await bff.call('/v1/orders', {
        method: 'POST',
        headers: {
          'x-api-key': acmeApiKey,
          'content-type': 'application/json',
          'idempotency-key': `"${key}"`,
        },
        body: JSON.stringify(ORDER),
      });
      expect(byApiKey.status).toBe(201);
      expect(byApiKey.headers['idempotent-replayed']).toBe('true');
      expect(byApiKey.body.id).toBe(byToken.body.id);
    });

    it('a client that goes away mid-write frees its key: the retry runs, the upstream deduplicates', async () => {
      const newestAcmeOrders = async () => {
        const res = await fetch(`${stack.urls.orders}/orders?partnerId=partner-acme&limit=2`);
        return ((await res.json()) as { items: Array<{ id: string }> }).items.map((o) => o.id);
      };
      const [lastBefore] = await newestAcmeOrders();
      await setFaults(stack.urls.orders, { latencyMs: 1000 });
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const client = new AbortController();
      const gone = request(`${bff.url}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${acme}`,
          'content-type': 'application/json',
          'idempotency-key': `"${key}"`,
        },
        body: JSON.stringify(ORDER),
        signal: client.signal,
      });
      await untilUpstreamCreates(stack, before + 1); // the upstream is creating the order ...
      client.abort(); // ... when the client gives up
      await expect(gone).rejects.toThrow();
      await clearFaults(stack.urls.orders);
      let retry = await createOrder(bff, acme, key);
      for (let i = 0; retry.status === 409 && i < 50; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20)); // the aborted write is still unwinding
        retry = await createOrder(bff, acme, key);
      }
      expectCreated(retry);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
      expect(await upstreamCreates(stack)).toBe(before + 2);
      // both attempts reached the upstream, and the key makes them one order
      expect(await newestAcmeOrders()).toEqual([retry.body.id, lastBefore]);
    });

    it('calls the upstream exactly once for 20 concurrent retries with one key', async () => {
      await setFaults(stack.urls.orders, { latencyMs: 300 });
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const answers = await Promise.all(Array.from({ length: 20 }, () => createOrder(bff, acme, key)));
      const created = answers.filter((res) => res.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const res of answers.filter((r) => r.status !== 201)) expectProblem(res, 409, 'BFF_ERR_CONFLICT');
      expect(new Set(created.map((res) => res.body.id)).size).toBe(1);
      expect(await upstreamCreates(stack)).toBe(before + 1);
    });

    it.each([
      ['empty', '""'],
      ['too long', `"${'k'.repeat(256)}"`],
      ['with a space', '"two words"'],
      ['with a backslash', '"a\\b"'],
      ['not ASCII', '"clé"'],
    ])('a key that is %s is a 400, and nothing runs', async (_what, field) => {
      const before = await upstreamCreates(stack);
      const res = await bff.call('/v1/orders', {
        method: 'POST',
        token: acme,
        headers: { 'content-type': 'application/json', 'idempotency-key': field },
        body: JSON.stringify(ORDER),
      });
      expectProblem(res, 400, 'BFF_ERR_VALIDATION');
      expect(res.body.detail).toMatch(/Idempotency-Key/);
      expect(await upstreamCreates(stack)).toBe(before);
    });

    it('a repeated Idempotency-Key header is a 400; a bare key (no quotes) is accepted', async () => {
      const repeated = await bff.call('/v1/orders', {
        method: 'POST',
        token: acme,
        headers: { 'content-type': 'application/json', 'idempotency-key': ['"a"', '"b"'] } as never,
        body: JSON.stringify(ORDER),
      });
      expectProblem(repeated, 400, 'BFF_ERR_VALIDATION');
      const key = randomUUID();
      const bare = (k: string) =>
        bff.call('/v1/orders', {
          method: 'POST',
          token: acme,
          headers: { 'content-type': 'application/json', 'idempotency-key': k },
          body: JSON.stringify(ORDER),
        });
      const first = await bare(key);
      expectCreated(first);
      const quoted = await createOrder(bff, acme, key);
      expect(quoted.headers['idempotent-replayed']).toBe('true');
      expect(quoted.body.id).toBe(first.body.id);
    });

    it('a write the upstream refuses is not stored: the key can be used again', async () => {
      const key = randomUUID();
      const unknown = await createOrder(bff, acme, key, { items: [{ productId: 'p999999', quantity: 1 }] });
      expectProblem(unknown, 422, 'BFF_ERR_UNPROCESSABLE');
      expect(unknown.body.detail).toBe('An item names a product that does not exist.');
      expectCreated(await createOrder(bff, acme, key));
    });
  });

  describe('upstream failures', () => {
    // A BFF of its own: the failures below must not open the shared BFF's orders breaker.
    let failing: RunningBff;
    beforeAll(async () => {
      failing = await partnerBff(stack);
    });
    afterAll(() => failing.close());

    it('an upstream 5xx is not stored: the client retries with the same key and the write succeeds', async () => {
      const key = randomUUID();
      await setFaults(stack.urls.orders, { errorRate: 1, errorStatus: 500 });
      expectProblem(await createOrder(failing, acme, key), 502, 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY');
      await clearFaults(stack.urls.orders);
      const retry = await createOrder(failing, acme, key);
      expectCreated(retry);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
    });

    it('the call pipeline retries a keyed create after a 503, and never one without a key', async () => {
      await setFaults(stack.urls.orders, { errorRate: 1, errorStatus: 503 });
      let before = await upstreamCreates(stack);
      expectProblem(await createOrder(failing, acme), 502, 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY');
      expect(await upstreamCreates(stack)).toBe(before + 1);
      before = await upstreamCreates(stack);
      expectProblem(await createOrder(failing, acme, randomUUID()), 502, 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY');
      expect(await upstreamCreates(stack)).toBe(before + 3); // the first attempt and two retries
    });
  });

  describe('expiry and leases (fake clock, in-memory store)', () => {
    let clock: FakeClock;
    let timed: RunningBff;
    beforeAll(async () => {
      clock = new FakeClock(performance.now(), Date.now());
      timed = await partnerBff(stack, { clock });
    });
    afterAll(() => timed.close());

    it('a key replays for 24 hours, then the same key is a new write', async () => {
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const first = await createOrder(timed, acme, key);
      expectCreated(first);
      clock.advance(DAY_MS - 1000);
      const replay = await createOrder(timed, acme, key);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(await upstreamCreates(stack)).toBe(before + 1);
      clock.advance(2000);
      const again = await createOrder(timed, acme, key);
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBeUndefined();
      expect(await upstreamCreates(stack)).toBe(before + 2);
    });

    it('a claim whose replica crashed blocks its key only until its lease (60 s) runs out', async () => {
      const key = randomUUID();
      const store = timed.app.get<IdempotencyStore>(IdempotencyStore);
      const fingerprint = requestFingerprint('POST', '/v1/orders', ORDER);
      const crashed = await store.claim({ scope: 'client:partner-acme', key }, fingerprint, 60_000);
      expect(crashed.state).toBe('claimed');
      expectProblem(await createOrder(timed, acme, key), 409, 'BFF_ERR_CONFLICT');
      clock.advance(59_000);
      expectProblem(await createOrder(timed, acme, key), 409, 'BFF_ERR_CONFLICT');
      clock.advance(1000);
      expectCreated(await createOrder(timed, acme, key));
    });
  });

  describe('two partner-bff instances sharing a real Redis', () => {
    let redis: TestRedisServer;
    let one: RunningBff;
    let two: RunningBff;
    beforeAll(async () => {
      redis = await startRedisServer({ own: true });
      [one, two] = await Promise.all([
        partnerBff(stack, { env: { REDIS_URL: redis.url } }),
        partnerBff(stack, { env: { REDIS_URL: redis.url } }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([one?.close(), two?.close()]);
      await redis?.stop();
    });

    it('20 concurrent retries with one key across both call the upstream once; either replays', async () => {
      await setFaults(stack.urls.orders, { latencyMs: 300 });
      const key = randomUUID();
      const before = await upstreamCreates(stack);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => createOrder(i % 2 === 0 ? one : two, acme, key)),
      );
      const created = answers.filter((res) => res.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      for (const res of answers.filter((r) => r.status !== 201)) expectProblem(res, 409, 'BFF_ERR_CONFLICT');
      expect(await upstreamCreates(stack)).toBe(before + 1);
      await clearFaults(stack.urls.orders);
      const replays = [await createOrder(one, acme, key), await createOrder(two, acme, key)];
      for (const replay of replays) {
        expect(replay.headers['idempotent-replayed']).toBe('true');
        expect(replay.body.id).toBe(created[0].body.id);
      }
      expectProblem(await createOrder(two, acme, key, { items: [] }), 422, 'BFF_ERR_UNPROCESSABLE');
      expect(await upstreamCreates(stack)).toBe(before + 1);
    });

    it('stores one record per key under the partner’s hash tag, expiring in 24 hours', async () => {
      const key = randomUUID();
      expectCreated(await createOrder(one, acme, key));
      expectCreated(await createOrder(two, globex, key));
      const admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
      try {
        await admin.connect();
        const keys = await admin.keys('bff:idem:*');
        expect(keys).toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^bff:idem:\{client%3Apartner-acme\}:[0-9a-f]{64}$/),
            expect.stringMatching(/^bff:idem:\{client%3Apartner-globex\}:[0-9a-f]{64}$/),
          ]),
        );
        for (const name of keys) {
          const ttl = await admin.pttl(name);
          expect(ttl).toBeGreaterThan(DAY_MS - 60_000);
          expect(ttl).toBeLessThanOrEqual(DAY_MS);
          expect(await admin.get(name)).not.toContain(key); // the client's key is hashed, not stored
        }
      } finally {
        admin.disconnect();
      }
    });
  });
});
