import { Test, type TestingModule } from '@nestjs/testing';
import { FakeClock } from '@bff/core';
import { DownstreamModule, DownstreamRegistry } from '@bff/downstream';
import { HealthRegistry, MetricsService, ObservabilityModule } from '@bff/observability';
import { freePort } from '@bff/testing';
import { json, startUpstream, type TestUpstream } from '../../test/test-upstream';

/** What operators see of a multi-instance upstream: readiness detail, status, metrics (real servers). */
describe('operator view of instances, hedges and coalescing', () => {
  let healthy: TestUpstream;
  let failing: TestUpstream;
  let slow: TestUpstream;
  let moduleRef: TestingModule;
  let clock: FakeClock;

  beforeAll(async () => {
    healthy = await startUpstream((_req, res) => json(res, 200, { ok: true }));
    failing = await startUpstream((_req, res) => json(res, 500, { error: 'boom' }));
    slow = await startUpstream((_req, res) => void setTimeout(() => json(res, 200, { ok: true }), 50));
  });
  afterAll(() => Promise.all([healthy.close(), failing.close(), slow.close()]));

  beforeEach(async () => {
    clock = new FakeClock();
    const gone = `http://127.0.0.1:${await freePort()}`;
    moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'probe', readinessTimeoutMs: 1000, readinessCacheMs: 0 }),
        DownstreamModule.forRoot({
          clock,
          upstreams: {
            catalog: {
              baseUrl: healthy.url,
              instances: [healthy.url, failing.url, gone],
              outlierEjection: { consecutiveFailures: 2, baseEjectionMs: 10_000 },
              breaker: false,
              retry: false,
            },
            inventory: { baseUrl: slow.url, coalesce: true, breaker: false, retry: false },
          },
        }),
      ],
    }).compile();
  });
  afterEach(() => moduleRef.close());

  it('probes every instance, shows each (ejected since when) in the status, and counts ejections', async () => {
    const health = moduleRef.get(HealthRegistry);
    const catalog = moduleRef.get(DownstreamRegistry).get('catalog');
    const ready = await health.check();
    expect(ready.checks).toMatchObject({ catalog: 'up', instances: 'down' });
    expect(ready.status).toBe('degraded');

    for (let i = 0; i < 9; i++) await catalog.get('/p').catch(() => undefined);
    clock.advance(1500);
    const status = health.status().downstream as Record<string, { instances: unknown[] }>;
    expect(status.catalog.instances).toEqual([
      expect.objectContaining({ index: 0, ejected: false, probe: expect.objectContaining({ status: 'up' }) }),
      expect.objectContaining({
        index: 1,
        ejected: true,
        ejectedForMs: 1500,
        returnsInMs: 8500,
        ejectionsTotal: 1,
        probe: expect.objectContaining({ status: 'up' }),
      }),
      expect.objectContaining({
        index: 2,
        ejected: false, // at most half of three instances out at once: one
        probe: { status: 'down', error: 'ECONNREFUSED', agoMs: 1500 },
      }),
    ]);
    const text = await moduleRef.get(MetricsService).registry.metrics();
    expect(text).toContain('bff_upstream_instance_ejected{upstream="catalog",instance="1"} 1');
    expect(text).toContain('bff_upstream_instance_ejected{upstream="catalog",instance="0"} 0');
    expect(text).toContain('bff_upstream_instance_ejections_total{upstream="catalog",instance="1"} 1');
  });

  it('a single-instance upstream has no instances entry; coalescing is counted', async () => {
    const health = moduleRef.get(HealthRegistry);
    const inventory = moduleRef.get(DownstreamRegistry).get('inventory');
    await Promise.all(Array.from({ length: 5 }, () => inventory.get('/stock?productIds=p1')));
    expect(slow.requests.filter((r) => r.url.startsWith('/stock'))).toHaveLength(1);
    const status = health.status().downstream as Record<string, Record<string, unknown>>;
    expect(status.inventory.instances).toBeUndefined();
    expect(status.inventory.coalesce).toEqual({ leaders: 1, joined: 4 });
    const text = await moduleRef.get(MetricsService).registry.metrics();
    expect(text).toContain('bff_upstream_coalesced_total{upstream="inventory",role="leader"} 1');
    expect(text).toContain('bff_upstream_coalesced_total{upstream="inventory",role="joined"} 4');
  });
});
