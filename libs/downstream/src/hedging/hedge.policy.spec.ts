import type { ServerResponse } from 'node:http';
import { FakeClock, RequestContextStore } from '@bff/core';
import {
  createRetryBudget,
  createUpstreamClient,
  hedgePolicy,
  LatencyWindow,
  type UpstreamCallEvent,
} from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../../test/test-upstream';

describe('hedging (hedgePolicy)', () => {
  let upstream: TestUpstream;
  let held: { res: ServerResponse; closed: () => boolean }[] = [];
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
    if (!check()) throw new Error('condition not reached');
  };

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      let closed = false;
      res.on('close', () => (closed = !res.writableEnded));
      held.push({ res, closed: () => closed });
    });
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    held = [];
    upstream.requests.length = 0;
  });

  function setup(options: {
    delayMs: number | 'p95';
    ratio?: number;
    minPerWindow?: number;
    routes?: string[];
  }) {
    const clock = new FakeClock();
    const events: UpstreamCallEvent[] = [];
    const budget = createRetryBudget({
      clock,
      ratio: options.ratio ?? 0.2,
      minPerWindow: options.minPerWindow ?? 3,
    });
    const policy = hedgePolicy({ ...options, clock, budget, onHedged: (e) => events.push(e) });
    const client = createUpstreamClient(
      'catalog',
      { baseUrl: upstream.url, policies: [policy], retry: false },
      { clock },
    );
    const get = (path = '/products/p1', hedge?: boolean) =>
      RequestContextStore.run(testContext({ clock, budgetMs: 60_000 }).ctx, () =>
        client.get<{ attempt: number }>(path, { hedge }),
      );
    return { clock, events, policy, client, budget, get };
  }

  it('sends a second attempt after the delay, takes the first answer and cancels the other', async () => {
    const s = setup({ delayMs: 50 });
    try {
      const call = s.get();
      await until(() => held.length === 1);
      s.clock.advance(49);
      await new Promise((r) => setTimeout(r, 20));
      expect(held).toHaveLength(1); // not before the delay
      s.clock.advance(1);
      await until(() => held.length === 2);
      json(held[1].res, 200, { attempt: 2 });
      expect((await call).body).toEqual({ attempt: 2 });
      await until(() => held[0].closed()); // the slow first attempt was cancelled
      expect(s.policy.stats()).toEqual({ sent: 1, won: 1, denied: 0 });
      expect(s.events).toEqual([expect.objectContaining({ upstream: 'catalog', outcome: 'hedged' })]);
      // Each attempt carried its own span id.
      const spans = upstream.requests.map((r) => String(r.headers.traceparent).split('-')[2]);
      expect(new Set(spans).size).toBe(2);
    } finally {
      await s.client.close();
    }
  });

  it('sends nothing more when the first attempt answers in time', async () => {
    const s = setup({ delayMs: 50 });
    try {
      const call = s.get();
      await until(() => held.length === 1);
      json(held[0].res, 200, { attempt: 1 });
      await call;
      s.clock.advance(100);
      await new Promise((r) => setTimeout(r, 20));
      expect(upstream.requests).toHaveLength(1);
      expect(s.policy.stats().sent).toBe(0);
    } finally {
      await s.client.close();
    }
  });

  it('waits for the other attempt when one fails, and fails only when both did', async () => {
    const s = setup({ delayMs: 10 });
    try {
      const call = s.get();
      await until(() => held.length === 1);
      s.clock.advance(10);
      await until(() => held.length === 2);
      json(held[0].res, 503, {});
      await new Promise((r) => setTimeout(r, 20));
      json(held[1].res, 200, { attempt: 2 });
      expect((await call).body).toEqual({ attempt: 2 });

      const failing = s.get();
      await until(() => held.length === 3);
      s.clock.advance(10);
      await until(() => held.length === 4);
      json(held[2].res, 503, {});
      json(held[3].res, 500, {});
      await expect(failing).rejects.toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' });
    } finally {
      await s.client.close();
    }
  });

  it('is bounded by its budget: hedges stop once the budget is spent', async () => {
    const s = setup({ delayMs: 5, ratio: 0, minPerWindow: 2 });
    try {
      for (let i = 0; i < 4; i++) {
        const call = s.get();
        await until(() => held.length >= 1);
        s.clock.advance(5);
        await new Promise((r) => setTimeout(r, 10));
        for (const h of held.splice(0)) if (!h.res.writableEnded) json(h.res, 200, { attempt: 0 });
        await call;
      }
      expect(s.policy.stats()).toEqual({ sent: 2, won: expect.any(Number), denied: 2 });
      expect(upstream.requests).toHaveLength(4 + 2);
    } finally {
      await s.client.close();
    }
  });

  it('hedges only GETs on its routes, unless a call says otherwise', async () => {
    const s = setup({ delayMs: 0, routes: ['/products/*'] });
    try {
      const answerAll = async (n: number) => {
        await until(() => held.length >= n);
        await new Promise((r) => setTimeout(r, 10));
        for (const h of held.splice(0)) json(h.res, 200, { attempt: 0 });
      };
      let call = s.get('/other');
      s.clock.advance(1);
      await answerAll(1);
      await call;
      call = s.get('/products/p1', false);
      s.clock.advance(1);
      await answerAll(1);
      await call;
      expect(upstream.requests).toHaveLength(2);
      call = s.get('/other', true);
      await until(() => held.length === 1);
      s.clock.advance(1);
      await answerAll(2);
      await call;
      expect(upstream.requests).toHaveLength(4);
    } finally {
      await s.client.close();
    }
  });

  it("waits the upstream's observed p95 with delayMs: 'p95'", () => {
    const window = new LatencyWindow(100, 20);
    expect(window.p95()).toBeUndefined();
    for (let ms = 1; ms <= 100; ms++) window.record(ms);
    expect(window.p95()).toBe(95);
    const s = setup({ delayMs: 'p95' });
    expect(s.policy.currentDelayMs()).toBe(100); // fallback until 20 answers were seen
    void s.client.close();
  });
});

describe('createRetryBudget', () => {
  it('allows a share of the window’s calls plus a floor, and forgets calls that left the window', () => {
    const clock = new FakeClock();
    const budget = createRetryBudget({ clock, ratio: 0.2, minPerWindow: 1, windowMs: 10_000 });
    for (let i = 0; i < 10; i++) budget.recordCall();
    expect(budget.state()).toEqual({ calls: 10, extra: 0, allowed: 3 });
    expect([1, 2, 3, 4].map(() => budget.tryAcquire())).toEqual([true, true, true, false]);
    clock.advance(10_000);
    expect(budget.state()).toEqual({ calls: 0, extra: 0, allowed: 1 });
  });

  it.each([[{ ratio: 2 }], [{ minPerWindow: -1 }], [{ windowMs: 5 }]])('rejects %j', (options) => {
    expect(() => createRetryBudget(options)).toThrow(RangeError);
  });
});
