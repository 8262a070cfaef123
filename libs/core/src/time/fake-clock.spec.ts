import { FakeClock, systemClock } from '@bff/core';

describe('FakeClock', () => {
  it('stands still until advanced, moving the monotonic and the epoch reading together', () => {
    const clock = new FakeClock(1000, 1_700_000_000_000);
    expect(clock.now()).toBe(1000);
    expect(clock.epochMs()).toBe(1_700_000_000_000);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
    expect(clock.epochMs()).toBe(1_700_000_000_250);
  });

  it('fires due timers in order of due time, then creation, reading each due time', () => {
    const clock = new FakeClock();
    const fired: [string, number][] = [];
    clock.setTimeout(() => fired.push(['b', clock.now()]), 20);
    clock.setTimeout(() => fired.push(['a', clock.now()]), 10);
    clock.setTimeout(() => fired.push(['a2', clock.now()]), 10);
    const never = clock.setTimeout(() => fired.push(['cleared', clock.now()]), 15);
    clock.clearTimeout(never);
    clock.setTimeout(() => fired.push(['late', clock.now()]), 31);
    clock.advance(30);
    expect(fired).toEqual([
      ['a', 10],
      ['a2', 10],
      ['b', 20],
    ]);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers).toBe(1);
  });

  it('honours timers set by a firing timer when they fall due within the same advance', () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
  });

  it('refuses to go back in time', () => {
    expect(() => new FakeClock().advance(-1)).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('reads monotonic and epoch time and runs unref-ed timers', async () => {
    const before = Date.now();
    expect(systemClock.epochMs()).toBeGreaterThanOrEqual(before);
    expect(typeof systemClock.now()).toBe('number');
    const fired = await new Promise<boolean>((resolve) => systemClock.setTimeout(() => resolve(true), 1));
    expect(fired).toBe(true);
    const handle = systemClock.setTimeout(() => undefined, 1000);
    expect((handle as unknown as { hasRef(): boolean }).hasRef()).toBe(false);
    systemClock.clearTimeout(handle);
  });
});
