import { FakeClock } from '@bff/core';
import { MetricsService, quantile, RollingWindow } from '@bff/observability';

describe('RollingWindow (fake clock)', () => {
  it('answers the growth over the window, keeping one copy per interval, bounded', () => {
    const clock = new FakeClock();
    const totals = new Map<string, number[]>([['a', [0]]]);
    const window = new RollingWindow(() => totals, { windowMs: 10_000, clock, minIntervalMs: 1000 });
    for (let s = 1; s <= 30; s++) {
      clock.advance(1000);
      totals.set('a', [s * 5]); // 5 per second
      const { spanMs, values } = window.delta();
      if (s >= 10) expect({ spanMs, a: values.get('a') }).toEqual({ spanMs: 10_000, a: [50] });
      else expect({ spanMs, a: values.get('a') }).toEqual({ spanMs: s * 1000, a: [s * 5] });
    }
    expect((window as unknown as { samples: unknown[] }).samples.length).toBeLessThanOrEqual(12);
  });

  it('after a long pause, covers the time since the last read', () => {
    const clock = new FakeClock();
    let n = 0;
    const window = new RollingWindow(() => new Map([['a', [n]]]), { windowMs: 10_000, clock });
    clock.advance(2000);
    n = 4;
    window.delta();
    clock.advance(60_000);
    n = 10;
    expect(window.delta()).toEqual({ spanMs: 60_000, values: new Map([['a', [6]]]) });
  });
});

describe('quantile (Prometheus histogram_quantile)', () => {
  it.each([
    [[0.01, 0.1], [100, 0, 0], 0.99, 0.0099],
    [[0.01, 0.1], [50, 50, 0], 0.99, 0.0982],
    [[0.01, 0.1], [0, 0, 10], 0.99, 0.1], // in +Inf: the top bound
    [[0.01, 0.1], [0, 0, 0], 0.99, undefined],
  ])('bounds %j counts %j q=%d → %d', (bounds, counts, q, expected) => {
    const got = quantile(bounds, counts, q);
    if (expected === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(expected, 6);
  });
});

describe('MetricsService status read API (fake clock)', () => {
  it('gives rate, 5xx rate and p99 per route over the window, leaving the operator routes out', () => {
    const clock = new FakeClock();
    const metrics = new MetricsService({ serviceName: 'probe', clock, statusWindowMs: 10_000 });
    expect(metrics.routeStats()).toEqual([]);
    for (let i = 0; i < 98; i++) metrics.recordRequest('GET', '/v1/home', 200, 4);
    metrics.recordRequest('GET', '/v1/home', 502, 300);
    metrics.recordRequest('GET', '/v1/home', 502, 300);
    metrics.recordRequest('GET', '/health/ready', 200, 1);
    metrics.recordRateLimitDecision('minute', 'allowed');
    metrics.recordRateLimitDecision('minute', 'limited');
    clock.advance(10_000);
    const [home, ...others] = metrics.routeStats();
    expect(others).toEqual([]);
    expect(home).toMatchObject({ key: 'GET /v1/home', requests: 100, ratePerSec: 10, errorRate: 0.02 });
    expect(home.p99Ms).toBeGreaterThan(250);
    expect(home.p99Ms).toBeLessThanOrEqual(500);
    expect(metrics.rateLimitStats()).toEqual([
      {
        policy: 'minute',
        outcomes: { allowed: 1, limited: 1, fail_open: 0, fail_closed: 0 },
        ratePerSec: 0.2,
        spanMs: 10_000,
      },
    ]);

    clock.advance(20_000); // nothing new since: the route is quiet
    expect(metrics.routeStats()[0]).toMatchObject({
      requests: 0,
      ratePerSec: 0,
      errorRate: 0,
      spanMs: 20_000,
    });
  });
});
