import { clearFaults, mintUserToken, setFaults } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import type { RunningBff } from './support/bff-harness';
import { startMobileBff } from './support/mobile-bff';

/** The sample lines of the exposition whose metric name starts with `prefix`. */
const series = (text: string, prefix: string): string[] =>
  text.split('\n').filter((line) => line.startsWith(prefix));

/** Distinct label sets of a metric's samples, without `le`, `status_code` and `outcome`. */
const labelSets = (text: string, prefix: string): string[] =>
  [
    ...new Set(
      series(text, prefix).map((line) =>
        line
          .replace(/^[^{]+/, '')
          .replace(/(le|status_code|outcome)="[^"]*",?/g, '')
          .replace(/ .*$/, ''),
      ),
    ),
  ].sort();

describe('/metrics (e2e, mobile-bff, real upstreams)', () => {
  let stack: DemoStack;
  let bff: RunningBff;
  let token: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    // one user makes well over the demo's per-user burst here; limits have their own suite
    bff = await startMobileBff(stack, { RATE_LIMIT_ENABLED: 'false' });
    token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
  });
  afterAll(async () => {
    await bff.close();
    await stack.close();
  });

  it('1000 distinct ids on one route add no series: labels carry the route template, never the path', async () => {
    const fire = async (from: number, count: number): Promise<void> => {
      for (let i = from; i < from + count; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, j) =>
            bff.call(`/v1/orders/o${i + j}-${Math.random().toString(36).slice(2)}`, { token }),
          ),
        );
      }
    };
    await fire(0, 50);
    await bff.call('/metrics'); // the scrape's own series exists from here on
    const before = (await bff.call('/metrics')).text;
    await fire(50, 1000);
    const after = (await bff.call('/metrics')).text;

    // The label sets besides the answer's status or outcome (which a loaded machine may vary: a 504) stay the
    // same, and the series count stays small, whatever the number of ids.
    for (const name of ['http_server_request_duration_seconds', 'bff_upstream_request_duration_seconds']) {
      expect(labelSets(after, name)).toEqual(labelSets(before, name));
      expect(series(after, name).length).toBeLessThanOrEqual(3 * series(before, name).length);
    }
    expect(after).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/v1\/orders\/:id",status_code="\d+"\} \d+/,
    );
    expect(after).not.toMatch(/route="\/v1\/orders\/o\d/);
    const counts = series(
      after,
      'http_server_request_duration_seconds_count{method="GET",route="/v1/orders/:id"',
    );
    expect(counts.reduce((sum, line) => sum + Number(line.split(' ').pop()), 0)).toBe(1050);
    expect(labelSets(after, 'http_server_request_duration_seconds_count')).toEqual([
      '{method="GET",route="/metrics",}',
      '{method="GET",route="/v1/orders/:id",}',
    ]);
  }, 120_000);

  it('after a scripted mix with a faulted upstream: RED per route, upstream outcomes, degraded parts by part and code', async () => {
    await setFaults(stack.urls.catalog, { errorRate: 1, errorStatus: 500 });
    try {
      for (let i = 0; i < 3; i++) expect((await bff.call('/v1/home', { token })).status).toBe(200);
    } finally {
      await clearFaults(stack.urls.catalog);
    }
    expect((await bff.call('/v1/home')).status).toBe(401);
    const text = (await bff.call('/metrics')).text;

    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{method="GET",route="\/v1\/home",status_code="200"\} 3$/m,
    );
    expect(text).toMatch(
      /^http_server_request_duration_seconds_count\{method="GET",route="\/v1\/home",status_code="401"\} 1$/m,
    );
    expect(text).toMatch(
      /^bff_upstream_request_duration_seconds_count\{upstream="catalog",method="GET",outcome="bad_gateway"\} \d+$/m,
    );
    expect(text).toMatch(
      /^bff_upstream_request_duration_seconds_count\{upstream="users",method="GET",outcome="ok"\} \d+$/m,
    );
    expect(text).toMatch(
      /^bff_degraded_parts_total\{route="\/v1\/home",part="products",code="BFF_ERR_[A-Z_]+"\} 3$/m,
    );
    expect(text).toMatch(/^bff_http_requests_in_flight 1$/m); // the scrape itself
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(text).toMatch(/^process_cpu_seconds_total \d/m);
  });
});
