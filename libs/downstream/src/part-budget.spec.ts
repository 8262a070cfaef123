import { FakeClock, RequestContextStore } from '@bff/core';
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
