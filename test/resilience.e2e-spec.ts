import { FakeClock, type Env } from '@bff/core';
import { DownstreamRegistry } from '@bff/downstream';
import { clearFaults, getStats, mintUserToken, resetStats, setFaults } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type RunningBff } from './support/bff-harness';

/**
 * Breakers, budgeted retries, bulkheads and part budgets of the mobile-bff, through its real entry point, against
 * the real demo upstreams with faults injected. Time that matters runs on a FakeClock injected into the app;
 * upstream traffic is asserted by the upstreams' own request counts, never by wall-clock bounds (but one, with
 * its reason).
 */
describe('resilience (e2e, mobile-bff, real upstreams with faults)', () => {
  let stack: DemoStack;
  let token: string;
  /** Tokens of u1..u8: distinct users make distinct upstream calls (identical concurrent GETs are coalesced). */
  let tokens: string[];
  const running: RunningBff[] = [];

  const start = async (env: Env, clock?: FakeClock) => {
    const bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      stack,
      // Limits and the readiness cache are tested elsewhere: here one user makes hundreds of calls, and readiness
      // must show a breaker's state the moment it changes.
      env: { REQUEST_TIMEOUT_MS: '5000', RATE_LIMIT_ENABLED: 'false', READINESS_CACHE_MS: '0', ...env },
      clock,
    });
    running.push(bff);
    return bff;
  };
  const requestsTo = async (service: 'users' | 'orders' | 'inventory') =>
    (await getStats(stack.urls[service])).requests;
  // read in process: /health/ready would probe the upstreams, and add to their request counts
  const resilienceOf = async (bff: RunningBff, upstream: string) =>
    bff.app.get(DownstreamRegistry).resilience.snapshot()[upstream];
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 200; i++) {
      if (await what()) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('condition never met');
  };

  beforeAll(async () => {
    stack = await startDemoStack();
    tokens = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => mintUserToken(stack.urls.idp, { sub: `u${n}`, aud: 'mobile-bff' })),
    );
    token = tokens[0];
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((bff) => bff.close()));
    await Promise.all(
      (['users', 'orders', 'catalog', 'inventory'] as const).map((s) => clearFaults(stack.urls[s])),
    );
  });
  afterAll(() => stack.close());

  it('a required upstream at 100% errors: once its breaker opens it gets no calls, answers are 503 + Retry-After, and it closes by itself', async () => {
    const clock = new FakeClock();
    const bff = await start({ UPSTREAM_USERS_RETRY: 'off' }, clock);
    await setFaults(stack.urls.users, { errorRate: 1, errorStatus: 500 });
    await resetStats(stack.urls.users);
    for (let i = 0; i < 20; i++)
      expectProblem(await bff.call('/v1/home', { token }), 502, 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY');
    expect(await requestsTo('users')).toBe(20);

    for (let i = 0; i < 10; i++) {
      const res = await bff.call('/v1/home', { token });
      expectProblem(res, 503, 'BFF_ERR_CIRCUIT_OPEN');
      // 5 s open wait, ±20% jitter
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(4);
      expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(6);
    }
    expect(await requestsTo('users')).toBe(20); // not one more call while open
    const ready = await bff.call('/health/ready?detail=true');
    expect(ready.status).toBe(200); // an open breaker is degraded, not down
    expect(ready.body).toMatchObject({ status: 'degraded', checks: { users: 'up', circuits: 'down' } });
    expect(ready.body.detail.status.downstream.users.breakers.users).toMatchObject({
      state: 'open',
      rejected: 10,
    });
    const metrics = (await bff.call('/metrics')).text;
    expect(metrics).toContain('bff_circuit_breaker_state{upstream="users",breaker="users"} 2');
    expect(metrics).toContain('bff_circuit_breaker_transitions_total{breaker="users",to="open"} 1');

    await clearFaults(stack.urls.users);
    await resetStats(stack.urls.users); // the readiness probes called it too
    clock.advance(6000); // past the open wait: half-open, 3 probes
    for (let i = 0; i < 3; i++) expect((await bff.call('/v1/home', { token })).status).toBe(200);
    expect(await requestsTo('users')).toBe(3);
    expect((await resilienceOf(bff, 'users')).breakers.users.state).toBe('closed');
    expect((await bff.call('/health/ready')).body.status).toBe('ok');
  });

  it('an optional upstream at 100% errors: the answer stays 200, degraded by the open circuit, and the upstream is left alone', async () => {
    const clock = new FakeClock();
    const bff = await start({}, clock);
    await setFaults(stack.urls.orders, { errorRate: 1, errorStatus: 500 });
    await resetStats(stack.urls.orders);
    for (let i = 0; i < 20; i++) await bff.call('/v1/home', { token });
    expect(await requestsTo('orders')).toBe(20);
    for (let i = 0; i < 5; i++) {
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.user.id).toBe('u1');
      expect(res.body.degraded).toEqual([{ part: 'recentOrders', code: 'BFF_ERR_CIRCUIT_OPEN' }]);
    }
    expect(await requestsTo('orders')).toBe(20);
  });

  it('an upstream at 50% errors with retries on sees at most (1 + budget) × the client calls', async () => {
    const bff = await start({ UPSTREAM_USERS_BREAKER: 'off' });
    await setFaults(stack.urls.users, { errorRate: 0.5, errorStatus: 503 });
    await resetStats(stack.urls.users);
    const calls = 100;
    let failed = 0;
    for (let i = 0; i < calls; i++) if ((await bff.call('/v1/home', { token })).status !== 200) failed++;
    const seen = await requestsTo('users');
    // budget: 20% of recent calls + a floor of 1 retry/s over the 10 s window; without it 2 retries at 50%
    // errors would make about 175 calls
    expect(seen).toBeGreaterThan(calls);
    expect(seen).toBeLessThanOrEqual(calls * 1.2 + 10);
    expect(failed).toBeLessThan(calls / 2); // the retries the budget allowed did help
    const { retryBudget } = await resilienceOf(bff, 'users');
    expect(retryBudget!.extra).toBe(seen - calls);
  });

  it('a slow upstream fills its bulkhead only: further calls to it are refused at once, the others flow', async () => {
    const clock = new FakeClock(); // the stock part's 300 ms budget waits for the clock: the calls stay held
    const bff = await start(
      { UPSTREAM_INVENTORY_BULKHEAD_MAX: '2', UPSTREAM_INVENTORY_BULKHEAD_QUEUE: '1' },
      clock,
    );
    await setFaults(stack.urls.inventory, { hang: true });
    await Promise.all((['users', 'inventory'] as const).map((s) => resetStats(stack.urls[s])));
    const held = [0, 1, 2].map((i) => bff.call('/v1/home', { token: tokens[i] }));
    await until(async () => (await resilienceOf(bff, 'inventory')).bulkheads.inventory.queued === 1);
    expect((await resilienceOf(bff, 'inventory')).bulkheads.inventory).toMatchObject({
      active: 2,
      queued: 1,
    });

    for (let i = 3; i < 8; i++) {
      const res = await bff.call('/v1/home', { token: tokens[i] });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_OVERLOADED' }]);
    }
    expect(await requestsTo('inventory')).toBe(2); // the bulkhead's cap, whatever the load
    expect(await requestsTo('users')).toBe(8); // every request still reached the healthy upstreams
    expect((await resilienceOf(bff, 'users')).bulkheads.users).toMatchObject({ active: 0, queued: 0 });

    clock.advance(300); // the stock budget passes: the held answers degrade
    for (const res of await Promise.all(held)) {
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }]);
    }
  });

  it('a hung optional upstream: /v1/home answers degraded at the stock budget, then its breaker opens (five timeouts in a row, the defaults)', async () => {
    const bff = await start({});
    await setFaults(stack.urls.inventory, { hang: true });
    await resetStats(stack.urls.inventory);
    for (let i = 0; i < 5; i++) {
      const res = await bff.call('/v1/home', { token });
      expect(res.status).toBe(200);
      expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_DOWNSTREAM_TIMEOUT' }]);
      // the budget is 300 ms; the deadline 5000 ms. 2 s leaves a loaded 2-core machine ample slack and still
      // fails if only the request deadline ended the wait.
      expect(res.elapsedMs).toBeLessThan(2000);
    }
    const res = await bff.call('/v1/home', { token });
    expect(res.body.degraded).toEqual([{ part: 'stock', code: 'BFF_ERR_CIRCUIT_OPEN' }]);
    expect(await requestsTo('inventory')).toBe(5);
  });

  it('a hung optional upstream under concurrent, coalesced load: its breaker opens on the timeouts of its own attempts, then /v1/home degrades at once and the upstream holds no more than its bulkhead', async () => {
    // Fake clock: the stock budget (300 ms) and the open wait pass only when the test says so, so an answer that
    // arrives while the clock stands still did not wait for the budget.
    const clock = new FakeClock();
    const bff = await start(
      { UPSTREAM_INVENTORY_BULKHEAD_MAX: '4', UPSTREAM_INVENTORY_BULKHEAD_QUEUE: '0' },
      clock,
    );
    await setFaults(stack.urls.inventory, { hang: true });
    await resetStats(stack.urls.inventory);
    const inventory = () => resilienceOf(bff, 'inventory');
    const stockCalls = async () => {
      const { leaders, joined } = (await inventory()).coalesce!;
      return leaders + joined;
    };
    /** 16 home screens at once: 8 users, two requests each (identical stock reads, coalesced per user). */
    const burst = () => tokens.flatMap((t) => [t, t]).map((t) => bff.call('/v1/home', { token: t }));
    const stockCodes = async (answers: Promise<Awaited<ReturnType<RunningBff['call']>>>[]) => {
      const codes = new Set<string>();
      for (const res of await Promise.all(answers)) {
        expect(res.status).toBe(200);
        for (const d of res.body.degraded as { part: string; code: string }[]) {
          expect(d.part).toBe('stock');
          codes.add(d.code);
        }
      }
      return [...codes].sort();
    };

    // Two bursts while closed: 8 shared calls each, 4 of them held by the hung upstream (the bulkhead's cap), the
    // others refused at once; the 4 held ones time out at the budget, and each counts once for the breaker.
    for (let round = 1; round <= 2; round++) {
      const answers = burst();
      await until(async () => (await stockCalls()) === 16 * round);
      await until(async () => (await requestsTo('inventory')) === 4 * round);
      expect((await inventory()).bulkheads.inventory).toMatchObject({ active: 4, queued: 0 });
      clock.advance(300);
      expect(await stockCodes(answers)).toEqual([
        'BFF_ERR_DOWNSTREAM_OVERLOADED',
        'BFF_ERR_DOWNSTREAM_TIMEOUT',
      ]);
      const { breakers } = await inventory();
      if (round === 1) expect(breakers.inventory).toMatchObject({ state: 'closed', calls: 4, failures: 4 });
    }
    // the fifth timeout in a row opened it (the three attempts admitted with it say nothing more)
    expect((await inventory()).breakers.inventory).toMatchObject({ state: 'open', transitions: { open: 1 } });
    expect(await requestsTo('inventory')).toBe(8);
    expect((await inventory()).bulkheads.inventory.active).toBe(0);

    // Open: every home screen answers degraded without the clock moving (no budget waited for), and the hung
    // upstream gets nothing.
    expect(await stockCodes(burst())).toEqual(['BFF_ERR_CIRCUIT_OPEN']);
    expect(await requestsTo('inventory')).toBe(8);

    // Half-open after the open wait (5 s ± 20%): three probes, no more than the bulkhead allows; they time out
    // and it opens again, while the other screens were answered at once.
    clock.advance(6000);
    const answers = burst();
    await until(async () => (await stockCalls()) === 48);
    await until(async () => (await requestsTo('inventory')) === 11);
    expect((await inventory()).bulkheads.inventory.active).toBe(3);
    clock.advance(300);
    expect(await stockCodes(answers)).toEqual(['BFF_ERR_CIRCUIT_OPEN', 'BFF_ERR_DOWNSTREAM_TIMEOUT']);
    expect((await inventory()).breakers.inventory).toMatchObject({ state: 'open', consecutiveOpens: 2 });
    expect(await requestsTo('inventory')).toBe(11);
  });
});
