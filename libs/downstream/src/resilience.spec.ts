import type { ServerResponse } from 'node:http';
import { FakeClock, RequestContextStore } from '@bff/core';
import {
  CircuitOpenError,
  createUpstreamClient,
  DownstreamBadGatewayError,
  DownstreamOverloadedError,
  DownstreamUnavailableError,
  type UpstreamCallEvent,
  type UpstreamOptions,
} from '@bff/downstream';
import { json, refusedPort, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

/** Upstream whose answer per path is set by the test; `/hang` holds the response until `release()`. */
let upstream: TestUpstream;
let status = 200;
let retryAfter: string | undefined;
const held: ServerResponse[] = [];
const release = () => held.splice(0).forEach((res) => json(res, 200, { released: true }));

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    if (req.url?.startsWith('/hang')) return void held.push(res);
    if (req.url?.startsWith('/missing')) return json(res, 404, { missing: true });
    if (retryAfter && status >= 500) res.setHeader('retry-after', retryAfter);
    json(res, status, { status });
  });
});
afterAll(async () => {
  release();
  await upstream.close();
});
beforeEach(() => {
  status = 200;
  retryAfter = undefined;
  upstream.requests.length = 0;
});

function client(options: Partial<UpstreamOptions> = {}, clock = new FakeClock()) {
  const events: UpstreamCallEvent[] = [];
  const c = createUpstreamClient(
    'catalog',
    { baseUrl: upstream.url, ...options },
    { clock, onCall: (e) => events.push(e) },
  );
  return { c, clock, events };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err: { code?: string }) => err.code,
  );
const until = async (test: () => boolean) => {
  for (let i = 0; i < 500 && !test(); i++) await new Promise((r) => setTimeout(r, 2));
};

describe('breaker policy', () => {
  it('opens after 50% failures over 20 attempts: later calls fail at once with 503 + Retry-After, unsent', async () => {
    const { c, clock, events } = client({ retry: false, breaker: { random: () => 0.5 } }); // no jitter
    try {
      status = 500;
      for (let i = 0; i < 20; i++)
        await expect(c.get('/p')).rejects.toBeInstanceOf(DownstreamBadGatewayError);
      const err = await c.get('/p').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CircuitOpenError);
      expect(err).toMatchObject({
        code: 'BFF_ERR_CIRCUIT_OPEN',
        status: 503,
        headers: { 'Retry-After': '5' },
      });
      expect(upstream.requests).toHaveLength(20);
      expect(events.at(-1)).toMatchObject({ outcome: 'circuit_open', durationMs: 0 });
      expect(c.resilience.snapshot().catalog.breakers.catalog).toMatchObject({ state: 'open', rejected: 1 });

      // the fault is cleared; after the open wait, 3 probes succeed and the breaker closes by itself
      status = 200;
      clock.advance(4000);
      expect((await c.get('/p').catch((e: { headers: object }) => e.headers)) as object).toEqual({
        'Retry-After': '1',
      });
      clock.advance(1000);
      for (let i = 0; i < 3; i++) expect((await c.get('/p')).status).toBe(200);
      expect(c.resilience.snapshot().catalog.breakers.catalog.state).toBe('closed');
      expect(upstream.requests).toHaveLength(23);
    } finally {
      await c.close();
    }
  });

  it('never counts an upstream 4xx or a caller cancellation as a failure', async () => {
    const { c } = client({ retry: false });
    try {
      for (let i = 0; i < 30; i++) expect((await c.get('/missing')).status).toBe(404);
      for (let i = 0; i < 30; i++) {
        const controller = new AbortController();
        const call = c.get('/hang', { signal: controller.signal });
        controller.abort();
        await expect(call).rejects.toMatchObject({ code: 'BFF_ERR_CLIENT_CLOSED_REQUEST' });
      }
      expect(c.resilience.snapshot().catalog.breakers.catalog).toMatchObject({
        state: 'closed',
        failures: 0,
      });
    } finally {
      release();
      await c.close();
    }
  });

  it('has a breaker of its own for each configured operation', async () => {
    const { c } = client({ retry: false, breaker: { operations: ['stock'], minimumCalls: 5 } });
    try {
      status = 500;
      for (let i = 0; i < 5; i++) await settle(c.get('/p', { operation: 'stock' }));
      expect(await settle(c.get('/p', { operation: 'stock' }))).toBe('BFF_ERR_CIRCUIT_OPEN');
      expect(await settle(c.get('/p'))).toBe('BFF_ERR_DOWNSTREAM_BAD_GATEWAY'); // the upstream's own: closed
      const { breakers } = c.resilience.snapshot().catalog;
      expect([breakers.catalog.state, breakers['catalog:stock'].state]).toEqual(['closed', 'open']);
    } finally {
      await c.close();
    }
  });
});

describe('retry policy', () => {
  it('retries an idempotent call after a 503 and a reset, never a POST without an idempotency key', async () => {
    const { c } = client({ retry: { random: () => 0 } });
    try {
      status = 503;
      await expect(c.get('/p')).rejects.toBeInstanceOf(DownstreamBadGatewayError);
      expect(upstream.requests).toHaveLength(3); // 1 + 2 retries
      upstream.requests.length = 0;
      await expect(c.post('/p', {})).rejects.toBeInstanceOf(DownstreamBadGatewayError);
      expect(upstream.requests).toHaveLength(1);
      await expect(c.post('/p', {}, { headers: { 'Idempotency-Key': 'k1' } })).rejects.toBeInstanceOf(
        DownstreamBadGatewayError,
      );
      expect(upstream.requests).toHaveLength(4);
      upstream.requests.length = 0;
      status = 500; // a plain 500 is not retried
      await expect(c.get('/p')).rejects.toBeInstanceOf(DownstreamBadGatewayError);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('retries a refused connection', async () => {
    const port = await refusedPort();
    const c = createUpstreamClient('gone', {
      baseUrl: `http://127.0.0.1:${port}`,
      retry: { random: () => 0 },
    });
    try {
      await expect(c.get('/p')).rejects.toBeInstanceOf(DownstreamUnavailableError);
      expect(c.resilience.snapshot().gone.retryBudget).toMatchObject({ calls: 1, extra: 2 });
    } finally {
      await c.close();
    }
  });

  it("waits out the upstream's Retry-After on the clock, and gives up when it is past the budget", async () => {
    const { c, clock } = client({ retry: { retries: 1, random: () => 0 } });
    try {
      status = 503;
      retryAfter = '2';
      const { ctx } = testContext({ budgetMs: 5000, clock });
      const call = settle(RequestContextStore.run(ctx, () => c.get('/p')));
      await until(() => upstream.requests.length === 1);
      await new Promise((r) => setTimeout(r, 20));
      clock.advance(1999);
      await new Promise((r) => setTimeout(r, 20));
      expect(upstream.requests).toHaveLength(1);
      status = 200;
      clock.advance(1);
      expect(await call).toBe('ok');
      expect(upstream.requests).toHaveLength(2);

      status = 503;
      retryAfter = '10'; // longer than the 5 s budget: no retry at all
      upstream.requests.length = 0;
      const { ctx: short } = testContext({ budgetMs: 5000, clock });
      expect(await settle(RequestContextStore.run(short, () => c.get('/p')))).toBe(
        'BFF_ERR_DOWNSTREAM_BAD_GATEWAY',
      );
      expect(upstream.requests).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('keeps retries within the budget: at 100% 503s the upstream sees at most (1 + 20%) × calls + the floor', async () => {
    const { c } = client({ breaker: false, retry: { random: () => 0, minRetriesPerSec: 1 } });
    try {
      status = 503;
      for (let i = 0; i < 200; i++) await settle(c.get('/p'));
      // without the budget: 600 attempts; the floor is 1/s over the 10 s window
      expect(upstream.requests.length).toBeLessThanOrEqual(200 * 1.2 + 10);
      expect(upstream.requests.length).toBeGreaterThanOrEqual(200 * 1.2);
      expect(c.resilience.snapshot().catalog.retryBudget!.refused).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });

  it('stops retrying as soon as the breaker opens', async () => {
    const { c } = client({ retry: { random: () => 0, retries: 5 }, breaker: { minimumCalls: 2 } });
    try {
      status = 503;
      expect(await settle(c.get('/p'))).toBe('BFF_ERR_CIRCUIT_OPEN');
      expect(upstream.requests).toHaveLength(2);
    } finally {
      await c.close();
    }
  });
});

describe('bulkhead policy', () => {
  it('caps attempts in flight, queues a few, refuses the rest at once; a cancelled waiter leaves the queue', async () => {
    const { c } = client({ retry: false, bulkhead: { maxConcurrent: 2, maxQueue: 1 } });
    try {
      const running = [settle(c.get('/hang/1')), settle(c.get('/hang/2'))];
      const controller = new AbortController();
      const cancelled = settle(c.get('/hang/q', { signal: controller.signal }));
      const err = await c.get('/hang/4').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DownstreamOverloadedError);
      expect(err).toMatchObject({
        status: 503,
        code: 'BFF_ERR_DOWNSTREAM_OVERLOADED',
        headers: { 'Retry-After': '1' },
      });
      expect(c.resilience.snapshot().catalog.bulkheads.catalog).toMatchObject({
        active: 2,
        queued: 1,
        rejected: 1,
      });
      controller.abort();
      expect(await cancelled).toBe('BFF_ERR_CLIENT_CLOSED_REQUEST');
      const queued = settle(c.get('/hang/3'));
      await until(() => held.length === 2);
      expect(upstream.requests.map((r) => r.url)).toEqual(['/hang/1', '/hang/2']);
      release();
      expect(await Promise.all(running)).toEqual(['ok', 'ok']);
      await until(() => held.length === 1);
      release();
      expect(await queued).toBe('ok');
      expect(c.resilience.snapshot().catalog.bulkheads.catalog).toMatchObject({ active: 0, queued: 0 });
    } finally {
      release();
      await c.close();
    }
  });
});

describe('resilience options', () => {
  it('validates them eagerly, naming each field', () => {
    expect(() =>
      createUpstreamClient('x', {
        baseUrl: 'http://127.0.0.1:1',
        breaker: { failureRate: 2 },
        bulkhead: { maxConcurrent: 0 },
        retry: { budgetRatio: -1 },
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'upstreams.x.breaker.failureRate: must be in (0, 1], got 2',
          'upstreams.x.bulkhead.maxConcurrent: must be an integer of at least 1, got 0',
          'upstreams.x.retry.budgetRatio: must be between 0 and 1, got -1',
        ],
      }),
    );
  });
});
