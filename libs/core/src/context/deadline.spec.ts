import { FakeClock } from '../time';
import { Deadline } from './deadline';

describe('Deadline', () => {
  it('counts down on the injected clock and never goes negative', () => {
    const clock = new FakeClock(1000);
    const d = Deadline.after(500, clock);
    expect(d.remaining()).toBe(500);
    clock.advance(200);
    expect(d.remaining()).toBe(300);
    expect(d.expired).toBe(false);
    clock.advance(400);
    expect(d.remaining()).toBe(0);
    expect(d.expired).toBe(true);
  });

  it.each([
    [5000, 300, 300],
    [100, 300, 100],
    [0, 300, 0],
  ])('cap(%i) with %i ms left is %i', (timeout, left, expected) => {
    const clock = new FakeClock();
    expect(Deadline.after(left, clock).cap(timeout)).toBe(expected);
  });

  it('rounds a fractional remainder up so a live budget never caps to 0', () => {
    const clock = new FakeClock(0.4);
    const d = Deadline.after(1, clock);
    clock.advance(0.7);
    expect(d.cap(1000)).toBe(1);
  });

  it('narrow() only ever shortens the budget', () => {
    const clock = new FakeClock();
    const d = Deadline.after(1000, clock);
    expect(d.narrow(200).remaining()).toBe(200);
    expect(d.narrow(5000)).toBe(d);
  });

  it('rejects a negative or non-finite budget', () => {
    expect(() => Deadline.after(-1)).toThrow(RangeError);
    expect(() => Deadline.after(Number.NaN)).toThrow(RangeError);
  });
});
