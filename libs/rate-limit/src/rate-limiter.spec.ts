import { FakeClock } from '@bff/core';
import {
  MemoryRateLimitStore,
  RateLimitedError,
  RateLimiter,
  RateLimitUnavailableError,
  type RateLimitDecisionOutcome,
  type RateLimitStore,
} from '@bff/rate-limit';
import { policy } from '../test/policy.builder';

describe('RateLimiter', () => {
  const minute = policy({ name: 'minute', limit: 60, windowMs: 60_000, burst: 2 });

  function observed() {
    const decisions: [string, RateLimitDecisionOutcome][] = [];
    const stores: string[] = [];
    return {
      decisions,
      stores,
      observer: {
        decision: (name: string, outcome: RateLimitDecisionOutcome) => void decisions.push([name, outcome]),
        storeDuration: (store: string) => void stores.push(store),
      },
    };
  }

  it('writes the headers of an admitted request and refuses with 429 once the burst is spent', async () => {
    const { decisions, stores, observer } = observed();
    const limiter = new RateLimiter(new MemoryRateLimitStore({ clock: new FakeClock(0) }), {
      observer,
      localStore: true,
    });
    const headers: Record<string, string> = {};
    const reply = { header: (name: string, value: string) => void (headers[name] = value) };
    await limiter.enforce('user:u1', [minute], 1, reply);
    expect(headers).toEqual({ 'RateLimit-Policy': '"minute";q=60;w=60', RateLimit: '"minute";r=1;t=1' });
    await limiter.enforce('user:u1', [minute], 1, reply);
    const refusal = await limiter.enforce('user:u1', [minute], 1, reply).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).headers).toEqual({
      'RateLimit-Policy': '"minute";q=60;w=60',
      RateLimit: '"minute";r=0;t=1',
      'Retry-After': '1',
    });
    expect(decisions).toEqual([
      ['minute', 'allowed'],
      ['minute', 'allowed'],
      ['minute', 'limited'],
    ]);
    expect(stores).toEqual(['local', 'local', 'local']);
  });

  it('adds the legacy headers only when asked', async () => {
    const limiter = new RateLimiter(new MemoryRateLimitStore({ clock: new FakeClock(0) }), {
      legacyHeaders: true,
    });
    const headers: Record<string, string> = {};
    await limiter.enforce('user:u1', [minute], 1, { header: (n, v) => (headers[n] = v) });
    expect(headers).toMatchObject({ 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '1' });
  });

  it('reports a degraded decision as fail_open and a fail-closed refusal as fail_closed', async () => {
    const { decisions, stores, observer } = observed();
    const local = new MemoryRateLimitStore({ clock: new FakeClock(0) });
    const degraded: RateLimitStore = {
      decide: async (requests) => ({ ...(await local.decide(requests)), degraded: true }),
      peek: (requests) => local.peek(requests),
    };
    await new RateLimiter(degraded, { observer }).enforce('user:u1', [minute], 1, undefined);
    const closed: RateLimitStore = {
      decide: () => Promise.reject(new RateLimitUnavailableError({ retryAfterMs: 5000 })),
      peek: () => Promise.reject(new RateLimitUnavailableError({ retryAfterMs: 5000 })),
    };
    await expect(
      new RateLimiter(closed, { observer }).enforce('user:u1', [minute], 1, undefined),
    ).rejects.toThrow(RateLimitUnavailableError);
    expect(decisions).toEqual([
      ['minute', 'fail_open'],
      ['minute', 'fail_closed'],
    ]);
    expect(stores).toEqual(['local']);
  });
});
