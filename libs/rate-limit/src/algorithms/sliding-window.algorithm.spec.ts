import { SteppingClock } from '../../test/wall-clock.stub';
import { slidingWindow, type SlidingWindowState } from '@bff/rate-limit';
import { windowPolicy } from '../../test/policy.builder';

function limiter(p = windowPolicy(), clock = new SteppingClock(0)) {
  let state: SlidingWindowState | undefined;
  return {
    clock,
    hit(cost = 1) {
      const result = slidingWindow(state, clock.now(), p, cost);
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

describe('slidingWindow', () => {
  it('counts up to the limit within a window', () => {
    const l = limiter(windowPolicy({ limit: 10, windowMs: 60_000 }));
    expect(l.hit()).toMatchObject({ allowed: true, remaining: 9, resetAfterMs: 120_000 });
    expect(l.admitted(20)).toBe(9);
    expect(l.hit()).toMatchObject({ allowed: false, remaining: 0 });
  });

  it('has no fixed-window double burst at a window edge', () => {
    const l = limiter(windowPolicy({ limit: 10, windowMs: 60_000 }));
    l.clock.advance(59_999);
    expect(l.admitted(10)).toBe(10);
    l.clock.advance(1); // a new fixed window would admit 10 more right now
    expect(l.admitted(10)).toBe(0);
    const rejected = l.hit();
    expect(rejected.allowed).toBe(false);
    expect(rejected.retryAfterMs).toBe(6000); // previous weighs 9/10 after 6 s
    l.clock.advance(30_000);
    expect(l.admitted(10)).toBe(5);
  });

  it('forgets everything after two windows and reports the wait into the next window', () => {
    const l = limiter(windowPolicy({ limit: 4, windowMs: 10_000 }));
    expect(l.admitted(4)).toBe(4);
    expect(l.hit().retryAfterMs).toBe(12_500); // 10 s to the next window, then 1/4 of it
    l.clock.advance(20_000);
    expect(l.hit()).toMatchObject({ allowed: true, remaining: 3 });
  });

  it('charges cost > 1 atomically and rejects a cost over the limit as never passing', () => {
    const l = limiter(windowPolicy({ limit: 10, windowMs: 10_000 }));
    expect(l.hit(8)).toMatchObject({ allowed: true, remaining: 2 });
    expect(l.hit(3)).toMatchObject({ allowed: false, remaining: 2 });
    expect(l.hit(2).allowed).toBe(true);
    expect(l.hit(11).retryAfterMs).toBe(Infinity);
  });

  it('never grants extra when the clock goes backwards', () => {
    const clock = new SteppingClock(65_000);
    const l = limiter(windowPolicy({ limit: 10, windowMs: 60_000 }), clock);
    expect(l.admitted(10)).toBe(10);
    clock.advance(60_000); // next window, previous weighs 55/60
    const forward = l.admitted(10);
    clock.advance(-61_000); // back before the current window started
    expect(l.admitted(10)).toBe(0);
    expect(forward).toBe(0);
    clock.advance(61_000 + 30_000);
    expect(l.admitted(10)).toBe(5); // previous 10 weighs 25/60: 4.17 used
  });
});
