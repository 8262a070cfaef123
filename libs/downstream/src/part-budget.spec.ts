import { ClientClosedRequestError, FakeClock, RequestContextStore } from '@bff/core';
import { aggregate, createUpstreamClient, optional, required, type UpstreamCallEvent } from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

describe('optional parts with a budget of their own', () => {
  let upstream: TestUpstream;
  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/hang') return; // never answers
      json(res, 200, { ok: true });
    });
  });
  afterAll(() => upstream.close());

  it('a hung optional part degrades the answer at its budget; its call counts as the upstream timing out', async () => {
    const clock = new FakeClock();
    const events: UpstreamCallEvent[] = [];
    const stock = createUpstreamClient(
      'inventory',
      { baseUrl: upstream.url, breaker: { minimumCalls: 1 } },
      { clock, onCall: (e) => events.push(e) },
    );
    const { ctx } = testContext({ budgetMs: 5000, clock });
    try {
      const answer = RequestContextStore.run(ctx, () =>
        aggregate({
          user: required(() => stock.get('/user')),
          stock: optional(() => stock.get('/hang'), { budgetMs: 300 }),
          ignoresContext: optional(() => new Promise(() => undefined), { budgetMs: 300, fallback: 'none' }),
        }),
      );
      for (let i = 0; i < 100 && upstream.requests.filter((r) => r.url === '/hang').length === 0; i++)
        await new Promise((r) => setTimeout(r, 5));
      clock.advance(299);
      await new Promise((r) => setTimeout(r, 10));
      let settled = false;
      void answer.then(() => (settled = true));
      await new Promise((r) => setTimeout(r, 10));
      expect(settled).toBe(false);
      clock.advance(1);
      const { data, degraded } = await answer;
      expect(data.ignoresContext).toBe('none');
      expect(degraded).toEqual([
        { part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' },
        { part: 'ignoresContext', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' },
      ]);
      for (let i = 0; i < 100 && !events.some((e) => e.route === '/hang'); i++)
        await new Promise((r) => setTimeout(r, 5));
      expect(events.find((e) => e.route === '/hang')).toMatchObject({ outcome: 'timeout', durationMs: 300 });
      // the upstream's breaker saw a failure (minimumCalls 1 → open)
      expect(stock.resilience.snapshot().inventory.breakers.inventory.state).toBe('open');
    } finally {
      ctx.cancellation.dispose();
      await stock.close();
    }
  });

  describe('a hung upstream behind coalescing: one upstream attempt, one breaker record', () => {
    const hangs = () => upstream.requests.filter((r) => r.url === '/hang').length;
    const untilHangs = async (n: number) => {
      for (let i = 0; i < 200 && hangs() < n; i++) await new Promise((r) => setTimeout(r, 5));
      expect(hangs()).toBe(n);
    };
    const setupClient = () => {
      const clock = new FakeClock();
      const events: UpstreamCallEvent[] = [];
      const client = createUpstreamClient(
        'inventory',
        { baseUrl: upstream.url, coalesce: true, retry: false },
        { clock, onCall: (e) => events.push(e) },
      );
      const breaker = () => client.resilience.snapshot().inventory.breakers.inventory;
      const inRequest = <T>(run: () => Promise<T>) => {
        const { ctx } = testContext({ budgetMs: 5000, clock });
        return { ctx, done: RequestContextStore.run(ctx, run) };
      };
      return { clock, events, client, breaker, inRequest };
    };
    beforeEach(() => {
      upstream.requests.length = 0;
    });

    it("ends the shared call at its first waiter's part budget as the upstream timing out, once, for every waiter", async () => {
      const { clock, events, client, breaker, inRequest } = setupClient();
      const part = () => aggregate({ stock: optional(() => client.get('/hang'), { budgetMs: 300 }) });
      try {
        const first = inRequest(part);
        await untilHangs(1);
        clock.advance(100);
        const joiners = [1, 2, 3].map(() => inRequest(part)); // their own budgets would end at 400 ms
        await new Promise((r) => setTimeout(r, 10));
        expect(client.resilience.snapshot().inventory.coalesce).toEqual({ leaders: 1, joined: 3 });
        clock.advance(200);
        for (const request of [first, ...joiners])
          await expect(request.done).resolves.toMatchObject({
            degraded: [{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }],
          });
        expect(hangs()).toBe(1);
        // one upstream attempt, one record: a timeout (not the request deadline, which a breaker ignores)
        expect(breaker()).toMatchObject({ calls: 1, failures: 1 });
        expect(events.map((e) => e.outcome)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
      } finally {
        await client.close();
      }
    });

    it("ends a shared call at its first waiter's timeoutMs as the upstream timing out", async () => {
      const { clock, client, breaker, inRequest } = setupClient();
      const call = () => client.get('/hang', { timeoutMs: 300 });
      try {
        const first = inRequest(call);
        await untilHangs(1);
        clock.advance(100);
        const joiner = inRequest(call);
        await new Promise((r) => setTimeout(r, 10));
        clock.advance(200);
        for (const request of [first, joiner])
          await expect(request.done).rejects.toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' });
        expect(breaker()).toMatchObject({ calls: 1, failures: 1 });
      } finally {
        await client.close();
      }
    });

    it('counts nothing when every waiter’s client went away', async () => {
      const { client, breaker, inRequest } = setupClient();
      const part = () => aggregate({ stock: optional(() => client.get('/hang'), { budgetMs: 300 }) });
      try {
        const requests = [inRequest(part), inRequest(part)];
        await untilHangs(1);
        for (const { ctx } of requests) ctx.cancellation.cancel(new ClientClosedRequestError('gone'));
        for (const request of requests)
          await expect(request.done).resolves.toMatchObject({
            degraded: [{ part: 'stock', code: 'BFF_ERR_CLIENT_CLOSED_REQUEST' }],
          });
        for (let i = 0; i < 100 && client.resilience.snapshot().inventory.bulkheads.inventory.active > 0; i++)
          await new Promise((r) => setTimeout(r, 5));
        expect(breaker()).toMatchObject({ state: 'closed', calls: 0, failures: 0 });
      } finally {
        await client.close();
      }
    });
  });

  it('a budget longer than what remains of the request changes nothing: the request deadline binds', async () => {
    const clock = new FakeClock();
    const client = createUpstreamClient('slow', { baseUrl: upstream.url }, { clock });
    const { ctx } = testContext({ budgetMs: 100, clock });
    try {
      const answer = RequestContextStore.run(ctx, () =>
        aggregate({ slow: optional(() => client.get('/hang'), { budgetMs: 300 }) }),
      );
      clock.advance(100);
      await expect(answer).resolves.toMatchObject({
        degraded: [{ part: 'slow', code: 'BFF_ERR_DEADLINE_EXCEEDED' }],
      });
    } finally {
      await client.close();
    }
  });

  it('rejects a budget that is not a positive number', () => {
    expect(() => optional(() => Promise.resolve(1), { budgetMs: 0 })).toThrow(RangeError);
  });
});
