import { SteppingClock } from '../../test/wall-clock.stub';
import { gcra, type GcraState } from '@bff/rate-limit';
import { policy } from '../../test/policy.builder';

/** Drives the pure core like a store would: keeps the state of admitted requests only. */
function limiter(p = policy(), clock = new SteppingClock(1_000_000)) {
  let state: GcraState | undefined;
  return {
    clock,
    hit(cost = 1) {
      const result = gcra(state, clock.now(), p, cost);
      if (result.allowed) state = result.newState;
      return result;
    },
    admitted(n: number, cost = 1) {
      let count = 0;
      for (let i = 0; i < n; i++) if (this.hit(cost).allowed) count++;
      return count;
    },
  };
}

describe('gcra', () => {
  it('admits the burst at once, then refills one unit per emission interval', () => {
    const l = limiter(policy({ limit: 10, windowMs: 10_000, burst: 5 })); // one unit per second
    expect(l.admitted(20)).toBe(5);
    const rejected = l.hit();
    expect(rejected).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 1000 });
    l.clock.advance(999);
    expect(l.hit().allowed).toBe(false);
    l.clock.advance(1);
    expect(l.hit()).toMatchObject({ allowed: true, remaining: 0 });
    l.clock.advance(3000);
    expect(l.admitted(10)).toBe(3);
  });

  it('defaults burst to the limit and reports remaining and reset', () => {
    const l = limiter(policy({ limit: 10, windowMs: 10_000 }));
    expect(l.hit()).toEqual(
      expect.objectContaining({
        allowed: true,
        remaining: 9,
        resetAfterMs: 1000,
        retryAfterMs: 0,
        ttlMs: 1000,
      }),
    );
    expect(l.admitted(20)).toBe(9);
    expect(l.hit()).toMatchObject({ allowed: false, remaining: 0, resetAfterMs: 10_000 });
  });

  it('admits exactly the limit over a window at a steady overload', () => {
    const l = limiter(policy({ limit: 100, windowMs: 60_000, burst: 1 }));
    let admitted = 0;
    for (let ms = 0; ms < 60_000; ms += 100) {
      if (l.hit().allowed) admitted++;
      l.clock.advance(100);
    }
    expect(admitted).toBe(100);
  });

  it('charges cost > 1 and refuses a cost over what is left without spending anything', () => {
    const l = limiter(policy({ limit: 10, windowMs: 10_000 }));
    expect(l.hit(7)).toMatchObject({ allowed: true, remaining: 3 });
    const tooMuch = l.hit(4);
    expect(tooMuch).toMatchObject({ allowed: false, remaining: 3, retryAfterMs: 1000 });
    expect(l.hit(3)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('rejects a cost larger than the burst and says it can never pass', () => {
    const l = limiter(policy({ limit: 10, windowMs: 10_000, burst: 5 }));
    const result = l.hit(6);
    expect(result.allowed).toBe(false);
    expect(result.retryAfterMs).toBe(Infinity);
    l.clock.advance(3_600_000);
    expect(l.hit(6).retryAfterMs).toBe(Infinity);
    expect(l.hit(5).allowed).toBe(true);
  });

  it('never grants extra when the clock goes backwards', () => {
    const clock = new SteppingClock(1_000_000);
    const l = limiter(policy({ limit: 10, windowMs: 10_000 }), clock);
    expect(l.admitted(10)).toBe(10);
    clock.advance(-5000);
    expect(l.admitted(10)).toBe(0);
    expect(l.hit().retryAfterMs).toBe(6000);
    clock.advance(5000 + 1000);
    expect(l.admitted(10)).toBe(1);
  });

  it('handles emission intervals that are not whole milliseconds', () => {
    const l = limiter(policy({ limit: 3, windowMs: 1000 }));
    expect(l.admitted(10)).toBe(3);
    l.clock.advance(1000);
    expect(l.admitted(10)).toBe(3);
  });

  it('admits the full burst at epoch-millisecond timestamps (floating-point noise is tolerated)', () => {
    const l = limiter(
      policy({ limit: 7, windowMs: 3_600_000, burst: 4 }),
      new SteppingClock(1_750_000_000_123.456),
    );
    expect(l.admitted(10)).toBe(4);
  });

  it('a cost of 0 reads the state without spending', () => {
    const p = policy();
    const first = gcra(undefined, 0, p, 4);
    const peek = gcra(first.newState, 0, p, 0);
    expect(peek).toMatchObject({ allowed: true, remaining: 6, resetAfterMs: 4000, newState: first.newState });
  });
});
