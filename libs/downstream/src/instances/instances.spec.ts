import { ConfigError, FakeClock } from '@bff/core';
import { createUpstreamClient, OutlierDetector, readDownstreamEnv } from '@bff/downstream';
import { json, startUpstream, type TestUpstream } from '../../test/test-upstream';

describe('OutlierDetector (fake clock)', () => {
  it('ejects an instance after consecutive failures, for a doubling interval, and takes it back by itself', () => {
    const clock = new FakeClock();
    const outliers = new OutlierDetector(
      2,
      { consecutiveFailures: 3, baseEjectionMs: 1000, maxEjectionMs: 3000 },
      clock,
    );
    outliers.record(1, true);
    outliers.record(1, true);
    outliers.record(1, false); // a success breaks the run
    outliers.record(1, true);
    outliers.record(1, true);
    expect(outliers.state()[1].ejected).toBe(false);
    outliers.record(1, true);
    expect(outliers.state()[1]).toMatchObject({ ejected: true, ejectedUntil: 1000, ejections: 1 });
    expect([outliers.pick(), outliers.pick(), outliers.pick()]).toEqual([0, 0, 0]);
    clock.advance(1000);
    expect(outliers.state()[1].ejected).toBe(false);
    for (let i = 0; i < 3; i++) outliers.record(1, true);
    expect(outliers.state()[1]).toMatchObject({ ejectedUntil: 3000, ejections: 2 }); // 2 × 1000 ms
    clock.advance(2000);
    for (let i = 0; i < 3; i++) outliers.record(1, true);
    expect(outliers.state()[1]).toMatchObject({ ejectedUntil: 6000, ejections: 3 }); // capped at 3000 ms
  });

  it('never ejects more than maxEjectedPercent of the instances at once', () => {
    const clock = new FakeClock();
    const outliers = new OutlierDetector(2, { consecutiveFailures: 1 }, clock);
    outliers.record(0, true);
    outliers.record(1, true);
    expect(outliers.state().map((s) => s.ejected)).toEqual([true, false]);
    const single = new OutlierDetector(1, { consecutiveFailures: 1 }, clock);
    single.record(0, true);
    expect(single.state()[0].ejected).toBe(false);
  });

  it('balances round robin over the instances in service', () => {
    const outliers = new OutlierDetector(3, {}, new FakeClock());
    expect([0, 1, 2, 3, 4, 5].map(() => outliers.pick())).toEqual([0, 1, 2, 0, 1, 2]);
  });
});

describe('several instances of one upstream (two real servers)', () => {
  let healthy: TestUpstream;
  let failing: TestUpstream;

  beforeAll(async () => {
    healthy = await startUpstream((_req, res) => json(res, 200, { from: 'healthy' }));
    failing = await startUpstream((_req, res) => json(res, 500, { from: 'failing' }));
  });
  afterAll(async () => {
    await healthy.close();
    await failing.close();
  });

  it('ejects the failing instance, after which no call fails', async () => {
    const clock = new FakeClock();
    const catalog = createUpstreamClient(
      'catalog',
      {
        baseUrl: healthy.url,
        instances: [healthy.url, failing.url],
        outlierEjection: { consecutiveFailures: 3, baseEjectionMs: 30_000 },
      },
      { clock },
    );
    try {
      const results: boolean[] = [];
      for (let i = 0; i < 6; i++)
        results.push(
          await catalog.get('/products/p1').then(
            () => true,
            () => false,
          ),
        );
      expect(results).toEqual([true, false, true, false, true, false]); // balanced until the third failure
      expect(catalog.instances()?.map((s) => s.ejected)).toEqual([false, true]);
      const after = await Promise.allSettled(Array.from({ length: 40 }, () => catalog.get('/products/p1')));
      expect(after.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(failing.requests).toHaveLength(3);

      clock.advance(30_000); // back in service: three more failures eject it for twice as long
      const back = await Promise.allSettled(Array.from({ length: 6 }, () => catalog.get('/products/p1')));
      expect(back.filter((r) => r.status === 'rejected')).toHaveLength(3);
      expect(catalog.instances()?.[1]).toMatchObject({ ejected: true, ejectedUntil: 90_000, ejections: 2 });
    } finally {
      await catalog.close();
    }
  });

  it('reads several instances from UPSTREAM_<NAME>_URL, validated', () => {
    const config = readDownstreamEnv(
      { UPSTREAM_CATALOG_URL: 'http://a:4003, http://b:4003/', UPSTREAM_CATALOG_EJECT_BASE_MS: '5000' },
      ['catalog'],
    );
    expect(config.upstreams.catalog).toBe('http://a:4003');
    expect(config.settings.catalog).toEqual({
      instances: ['http://a:4003', 'http://b:4003'],
      outlierEjection: { baseEjectionMs: 5000 },
    });
    expect(() => readDownstreamEnv({ UPSTREAM_CATALOG_URL: 'http://a:4003,nope' }, ['catalog'])).toThrow(
      new ConfigError(['UPSTREAM_CATALOG_URL[1]: must be an absolute URL, got "nope"']),
    );
    expect(() =>
      createUpstreamClient('catalog', { baseUrl: 'http://a/api', instances: ['http://b/other'] }),
    ).toThrow(/instances\[0\]: must have the protocol and path of baseUrl/);
  });
});
