import { Histogram, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram';

describe('FastHistogram', () => {
  const buckets = [0.005, 0.01, 0.1, 1];
  const observations: Array<[[string, string], number]> = [
    [['GET', '/v1/home'], 0.004],
    [['GET', '/v1/home'], 0.005],
    [['GET', '/v1/home'], 0.2],
    [['GET', '/v1/orders/:id'], 3],
    [['POST', '/v1/orders'], 0.01],
    [['GET', '/v1/home'], 0.0101],
  ];

  it("exports exactly what prom-client's Histogram exports for the same observations", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new FastHistogram({
      name: 'd_seconds',
      help: 'D.',
      labelNames: ['method', 'route'],
      buckets,
      registers: [ours],
    });
    const reference = new Histogram({
      name: 'd_seconds',
      help: 'D.',
      labelNames: ['method', 'route'] as const,
      buckets,
      registers: [theirs],
    });
    for (const [[method, route], value] of observations) {
      fast.observe([method, route], value);
      reference.observe({ method, route }, value);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.metrics()).toContain('d_seconds_count{method="GET",route="/v1/home"} 4');
  });

  it('ignores non-finite values and forgets everything on reset', async () => {
    const registry = new Registry();
    const fast = new FastHistogram({
      name: 'x',
      help: 'X.',
      labelNames: ['a'],
      buckets,
      registers: [registry],
    });
    fast.observe(['1'], Number.NaN);
    expect(await registry.metrics()).not.toContain('x_count');
    fast.observe(['1'], 0.5);
    expect(await registry.metrics()).toContain('x_count{a="1"} 1');
    fast.reset();
    expect(await registry.metrics()).not.toContain('x_count');
  });

  it('refuses a series with the wrong number of label values', () => {
    const fast = new FastHistogram({ name: 'y', help: 'Y.', labelNames: ['a', 'b'], buckets, registers: [] });
    expect(() => fast.observe(['only-one'], 1)).toThrow(TypeError);
  });
});
