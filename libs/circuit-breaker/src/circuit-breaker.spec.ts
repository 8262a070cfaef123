import { FakeClock } from '@bff/core';
import { CircuitBreaker, REJECTED } from './circuit-breaker';
import type { CallResult, CircuitStateChange } from './circuit-breaker.options';

/** A breaker on a fake clock with no jitter, recording every state change. */
function setup(options: ConstructorParameters<typeof CircuitBreaker>[1] = {}) {
  const clock = new FakeClock();
  const changes: CircuitStateChange[] = [];
  const breaker = new CircuitBreaker('catalog', { random: () => 0.5, ...options }, (c) => changes.push(c));
  const call = (result: CallResult, durationMs = 1): boolean => {
    const permit = breaker.tryAcquire(clock.now());
    if (permit === REJECTED) return false;
    breaker.record(permit, result, durationMs, clock.now());
    return true;
  };
  const many = (n: number, result: CallResult, durationMs = 1) => {
    for (let i = 0; i < n; i++) call(result, durationMs);
  };
  return { clock, changes, breaker, call, many };
}

describe('CircuitBreaker', () => {
  it('stays closed below minimumCalls, whatever the failure rate', () => {
    const { breaker, many, clock } = setup();
    many(19, 'failure');
    expect(breaker.stateAt(clock.now())).toBe('closed');
  });

  it('closed → open at 50% failures over at least 20 calls, then refuses calls', () => {
    const { breaker, many, call, clock, changes } = setup();
    many(10, 'success');
    many(9, 'failure');
    expect(breaker.stateAt(clock.now())).toBe('closed');
    many(1, 'failure'); // 10 of 20
    expect(breaker.stateAt(clock.now())).toBe('open');
    expect(changes).toEqual([
      { name: 'catalog', from: 'closed', to: 'open', at: 0, reason: 'failure_rate', openMs: 5000 },
    ]);
    expect(call('success')).toBe(false);
    expect(breaker.retryAfterMs(clock.now())).toBe(5000);
    expect(breaker.snapshot(clock.now()).rejected).toBe(1);
  });

  it('opens on the slow-call rate (slow = at least slowCallMs), even when every call succeeds', () => {
    const { breaker, many, clock, changes } = setup({ slowCallMs: 100, slowCallRate: 0.5 });
    many(10, 'success', 1);
    many(10, 'success', 100);
    expect(breaker.stateAt(clock.now())).toBe('open');
    expect(changes[0].reason).toBe('slow_call_rate');
  });

  it('opens after consecutiveTimeouts timeouts in a row, however many successes the window holds', () => {
    const { breaker, many, clock, changes } = setup();
    many(1000, 'success'); // a healthy stretch: the failure rate stays far below 50% for the whole window
    clock.advance(300);
    many(4, 'timeout');
    expect(breaker.snapshot(clock.now())).toMatchObject({
      state: 'closed',
      calls: 1004,
      failures: 4,
      consecutiveTimeouts: 4,
    });
    many(1, 'timeout');
    expect(breaker.stateAt(clock.now())).toBe('open');
    expect(changes).toEqual([
      { name: 'catalog', from: 'closed', to: 'open', at: 300, reason: 'consecutive_timeouts', openMs: 5000 },
    ]);
  });

  it('counts timeouts in a row only: an answer (success or error) restarts the run, an ignored call does not', () => {
    const { breaker, many, clock } = setup({ consecutiveTimeouts: 3 });
    many(100, 'success');
    for (const between of ['success', 'failure'] as const) {
      many(2, 'timeout');
      many(1, between);
    }
    many(2, 'timeout');
    many(5, 'ignored');
    expect(breaker.snapshot(clock.now())).toMatchObject({ state: 'closed', consecutiveTimeouts: 2 });
    many(1, 'timeout');
    expect(breaker.stateAt(clock.now())).toBe('open');
  });

  it('never opens on consecutive timeouts when they are off (0), nor on errors in a row', () => {
    const off = setup({ consecutiveTimeouts: 0 });
    off.many(100, 'success');
    off.many(40, 'timeout');
    expect(off.breaker.stateAt(off.clock.now())).toBe('closed'); // 40 of 140: the rate decides
    const errors = setup();
    errors.many(100, 'success');
    errors.many(40, 'failure');
    expect(errors.breaker.stateAt(errors.clock.now())).toBe('closed');
  });

  it('a timed-out probe reopens, and the run starts afresh after a close', () => {
    const { breaker, many, clock, changes } = setup();
    many(5, 'timeout');
    clock.advance(5000);
    many(1, 'timeout');
    expect(changes.at(-1)).toMatchObject({ to: 'open', reason: 'probe_failed' });
    clock.advance(10_000);
    many(3, 'success');
    expect(breaker.stateAt(clock.now())).toBe('closed');
    many(4, 'timeout');
    expect(breaker.stateAt(clock.now())).toBe('closed');
  });

  it('never counts ignored results (caller cancellation, client deadline)', () => {
    const { breaker, many, clock } = setup();
    many(100, 'ignored');
    many(19, 'failure');
    expect(breaker.snapshot(clock.now())).toMatchObject({ state: 'closed', calls: 19 });
  });

  it('open → half-open after the open wait; admits exactly halfOpenProbes concurrent probes', () => {
    const { breaker, many, clock, changes } = setup();
    many(20, 'failure');
    clock.advance(4999);
    expect(breaker.tryAcquire(clock.now())).toBe(REJECTED);
    clock.advance(1);
    const probes = [1, 2, 3].map(() => breaker.tryAcquire(clock.now()));
    expect(probes.every((p) => p !== REJECTED)).toBe(true);
    expect(breaker.tryAcquire(clock.now())).toBe(REJECTED); // a 4th concurrent call waits for the probes
    expect(changes.map((c) => c.to)).toEqual(['open', 'half_open']);
    expect(breaker.stateAt(clock.now())).toBe('half_open');
    // the probes all succeed → closed
    for (const p of probes) breaker.record(p, 'success', 1, clock.now());
    expect(breaker.stateAt(clock.now())).toBe('closed');
    expect(changes.at(-1)).toMatchObject({ from: 'half_open', to: 'closed', reason: 'probes_succeeded' });
    expect(breaker.snapshot(clock.now())).toMatchObject({ calls: 0, consecutiveOpens: 0 }); // fresh window
  });

  it('half-open → open on one failed probe, the next wait doubled; a later success still closes', () => {
    const { breaker, many, clock, changes } = setup({ maxOpenMs: 15_000 });
    many(20, 'failure');
    clock.advance(5000);
    const [a, b] = [breaker.tryAcquire(clock.now()), breaker.tryAcquire(clock.now())];
    breaker.record(a, 'failure', 1, clock.now());
    expect(breaker.stateAt(clock.now())).toBe('open');
    expect(changes.at(-1)).toMatchObject({ to: 'open', reason: 'probe_failed', openMs: 10_000 });
    breaker.record(b, 'success', 1, clock.now()); // a probe of the earlier half-open: says nothing now
    expect(breaker.stateAt(clock.now())).toBe('open');
    clock.advance(10_000);
    breaker.record(breaker.tryAcquire(clock.now()), 'failure', 1, clock.now());
    expect(changes.at(-1)).toMatchObject({ openMs: 15_000 }); // capped at maxOpenMs
    clock.advance(15_000);
    many(3, 'success');
    expect(breaker.stateAt(clock.now())).toBe('closed');
  });

  it('jitters each open wait by ±openJitter', () => {
    const low = setup({ random: () => 0 });
    low.many(20, 'failure');
    const high = setup({ random: () => 0.999 });
    high.many(20, 'failure');
    expect(low.changes[0].openMs).toBe(4000);
    expect(high.changes[0].openMs).toBe(5998);
  });

  it('an ignored probe frees its slot for another probe', () => {
    const { breaker, many, clock } = setup({ halfOpenProbes: 1 });
    many(20, 'failure');
    clock.advance(5000);
    const p = breaker.tryAcquire(clock.now());
    expect(breaker.tryAcquire(clock.now())).toBe(REJECTED);
    breaker.record(p, 'ignored', 1, clock.now());
    expect(breaker.tryAcquire(clock.now())).not.toBe(REJECTED);
  });

  it('a call admitted before the breaker opened is not counted after it', () => {
    const { breaker, many, clock } = setup();
    const early = breaker.tryAcquire(clock.now());
    many(20, 'failure');
    clock.advance(5000);
    const probe = breaker.tryAcquire(clock.now());
    breaker.record(early, 'failure', 1, clock.now()); // stale permit: ignored
    expect(breaker.stateAt(clock.now())).toBe('half_open');
    breaker.record(probe, 'success', 1, clock.now());
    expect(breaker.stateAt(clock.now())).toBe('half_open');
  });

  it('failures age out of the rolling window bucket by bucket', () => {
    const { breaker, many, clock } = setup();
    many(15, 'failure'); // t = 0 s
    clock.advance(9000);
    many(4, 'success'); // t = 9 s: 15 / 19
    expect(breaker.snapshot(clock.now())).toMatchObject({ calls: 19, failures: 15 });
    clock.advance(1000); // t = 10 s: the t = 0 bucket left the window
    expect(breaker.snapshot(clock.now())).toMatchObject({ calls: 4, failures: 0, state: 'closed' });
    many(16, 'success');
    many(1, 'failure');
    expect(breaker.stateAt(clock.now())).toBe('closed');
    clock.advance(60_000); // long idle: everything left
    expect(breaker.snapshot(clock.now()).calls).toBe(0);
  });

  it('does not flap under a steady 10% error rate (100 calls/s for 10 minutes)', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const { breaker, clock, changes, call } = setup();
    for (let i = 0; i < 60_000; i++) {
      call(random() < 0.1 ? 'failure' : 'success');
      clock.advance(10);
    }
    expect(changes).toEqual([]);
    expect(breaker.snapshot(clock.now()).transitions).toEqual({ closed: 0, open: 0, half_open: 0 });
  });

  it('validates its options eagerly', () => {
    expect(() => new CircuitBreaker('x', { failureRate: 0 })).toThrow(/failureRate: must be in \(0, 1\]/);
    expect(() => new CircuitBreaker('x', { minimumCalls: 1.5 })).toThrow(/minimumCalls/);
    expect(() => new CircuitBreaker('x', { openMs: 10, maxOpenMs: 5 })).toThrow(/maxOpenMs/);
    expect(() => new CircuitBreaker('x', { consecutiveTimeouts: -1 })).toThrow(/consecutiveTimeouts/);
  });

  it('a listener that throws does not break the breaker', () => {
    const breaker = new CircuitBreaker('x', {}, () => {
      throw new Error('boom');
    });
    for (let i = 0; i < 20; i++) breaker.record(breaker.tryAcquire(0), 'failure', 1, 0);
    expect(breaker.stateAt(0)).toBe('open');
  });
});
