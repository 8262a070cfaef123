import { FakeClock } from '@bff/core';
import {
  MemoryRateLimitStore,
  RateLimitUnavailableError,
  ResilientRateLimitStore,
  type RateLimitDecision,
  type RateLimitPeekRequest,
  type RateLimitRequest,
  type RateLimitStore,
  type RateLimitStoreHealth,
} from '@bff/rate-limit';
import { policy } from '../../test/policy.builder';

/** A shared store whose behaviour the test switches: answer (from memory), fail, or never answer. */
class SwitchableStore implements RateLimitStore {
  mode: 'up' | 'fail' | 'hang' = 'up';
  calls = 0;
  private readonly inner = new MemoryRateLimitStore();
  decide(requests: readonly RateLimitRequest[]): Promise<RateLimitDecision> {
    this.calls++;
    if (this.mode === 'fail') return Promise.reject(new Error('connection refused'));
    if (this.mode === 'hang') return new Promise(() => undefined);
    return this.inner.decide(requests);
  }
  peek(requests: readonly RateLimitPeekRequest[]): Promise<RateLimitDecision> {
    this.calls++;
    if (this.mode === 'fail') return Promise.reject(new Error('connection refused'));
    if (this.mode === 'hang') return new Promise(() => undefined);
    return this.inner.peek(requests);
  }
}

const open = policy({ name: 'open', limit: 100, windowMs: 60_000 });
const closed = policy({ name: 'closed', limit: 100, windowMs: 60_000, onStoreFailure: 'fail-closed' });

describe('ResilientRateLimitStore', () => {
  let clock: FakeClock;
  let primary: SwitchableStore;
  let changes: RateLimitStoreHealth[];
  let store: ResilientRateLimitStore;
  beforeEach(() => {
    clock = new FakeClock(0);
    primary = new SwitchableStore();
    changes = [];
    store = new ResilientRateLimitStore(primary, new MemoryRateLimitStore({ clock }), {
      clock,
      timeoutMs: 20,
      failureThreshold: 3,
      coolDownMs: 5000,
      onStateChange: (health) => changes.push(health),
    });
  });
  const req = (p = open): RateLimitRequest[] => [{ key: 'user:u1', policy: p, cost: 1 }];

  it('uses the shared store while it answers', async () => {
    expect(await store.decide(req())).toMatchObject({ allowed: true, degraded: false });
    expect(store.health()).toEqual({ state: 'healthy', consecutiveFailures: 0, retryInMs: 0 });
  });

  it('fails open onto the local limiter, opens after N failures, probes once after the cool-down', async () => {
    primary.mode = 'fail';
    for (let i = 0; i < 3; i++)
      expect(await store.decide(req())).toMatchObject({ allowed: true, degraded: true });
    expect(primary.calls).toBe(3);
    expect(store.health()).toMatchObject({ state: 'open', consecutiveFailures: 3, retryInMs: 5000 });
    for (let i = 0; i < 10; i++) await store.decide(req());
    expect(primary.calls).toBe(3); // bypassed while open
    clock.advance(5000);
    expect(store.state).toBe('degraded');
    await store.decide(req()); // the probe fails: open again for another cool-down
    expect(primary.calls).toBe(4);
    expect(store.health()).toMatchObject({ state: 'open', retryInMs: 5000, lastError: 'connection refused' });
    primary.mode = 'up';
    clock.advance(5000);
    expect(await store.decide(req())).toMatchObject({ degraded: false });
    expect(store.state).toBe('healthy');
    expect(changes.map((c) => c.state)).toEqual(['degraded', 'open', 'healthy']);
  });

  it('fails closed with BFF_ERR_RATE_LIMIT_UNAVAILABLE when a policy asks for it', async () => {
    primary.mode = 'fail';
    await expect(store.decide(req(closed))).rejects.toMatchObject({
      code: 'BFF_ERR_RATE_LIMIT_UNAVAILABLE',
      headers: { 'Retry-After': '1' },
    });
    await store.decide(req(closed)).catch(() => undefined);
    await store.decide(req(closed)).catch(() => undefined);
    const err = await store
      .decide([...req(open), { key: 'user:u1', policy: closed, cost: 1 }])
      .catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitUnavailableError);
    expect(err.headers['Retry-After']).toBe('5'); // the rest of the cool-down
  });

  it('never waits longer than timeoutMs for a hanging store', async () => {
    primary.mode = 'hang';
    const started = performance.now();
    expect(await store.decide(req())).toMatchObject({ allowed: true, degraded: true });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(store.health()).toMatchObject({
      consecutiveFailures: 1,
      lastError: expect.stringContaining('20 ms'),
    });
  });

  it('lets only one probe through after the cool-down', async () => {
    primary.mode = 'fail';
    for (let i = 0; i < 3; i++) await store.decide(req());
    clock.advance(5000);
    primary.mode = 'hang';
    const probe = store.decide(req());
    const meanwhile = await store.decide(req());
    expect(meanwhile.degraded).toBe(true);
    expect(primary.calls).toBe(4);
    await probe;
  });

  it('keeps malformed requests a caller error, not a store failure', async () => {
    await expect(store.decide([{ key: 'k', policy: open, cost: -1 }])).rejects.toThrow(TypeError);
    expect(store.health().consecutiveFailures).toBe(0);
  });

  describe('peek', () => {
    it('reads the shared store, and the fallback (degraded) when it fails or hangs, never moving the breaker', async () => {
      await store.decide([{ key: 'k', policy: open, cost: 3 }]);
      const shared = await store.peek([{ key: 'k', policy: open }]);
      expect(shared).toMatchObject({ allowed: true, degraded: false });
      expect(shared.outcomes[0].remaining).toBe(97);
      for (const mode of ['fail', 'hang'] as const) {
        primary.mode = mode;
        const local = await store.peek([{ key: 'k', policy: open }]);
        expect(local.degraded).toBe(true);
        expect(local.outcomes[0].remaining).toBe(100);
      }
      expect(store.health()).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });
      expect(changes).toEqual([]);
    });
  });
});
