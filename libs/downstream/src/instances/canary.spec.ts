import {
  ConfigError,
  createDetachedContext,
  DelegatingRequestContext,
  FakeClock,
  RequestContextStore,
  type RequestContext,
} from '@bff/core';
import { createUpstreamClient, InstanceBalancer, type UpstreamClient } from '@bff/downstream';
import { json, startUpstream, type TestUpstream } from '../../test/test-upstream';

/** A request context whose inbound request carried `headers`. */
class RequestWithHeaders extends DelegatingRequestContext {
  constructor(
    parent: RequestContext,
    private readonly inbound: Record<string, string>,
  ) {
    super(parent);
  }

  override get headers(): Record<string, string> {
    return this.inbound;
  }
}

function inRequest<T>(headers: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const ctx = new RequestWithHeaders(createDetachedContext(), headers);
  return RequestContextStore.run(ctx, work).finally(() => ctx.cancellation.dispose());
}

describe('InstanceBalancer', () => {
  const instances = [
    { origin: 'http://a', weight: 3 },
    { origin: 'http://b', weight: 1 },
    { origin: 'http://c', weight: 1, version: 'v2' },
  ];

  it('spreads calls by weight, smoothly, and skips an instance out of service', () => {
    const out = new Set<number>();
    const balancer = new InstanceBalancer(instances.slice(0, 2), undefined, (i) => !out.has(i));
    expect(Array.from({ length: 8 }, () => balancer.pick())).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
    out.add(0);
    expect(Array.from({ length: 3 }, () => balancer.pick())).toEqual([1, 1, 1]);
  });

  it('sends exactly percent of the calls to the canary, and its share to the stable side while it is out', () => {
    const out = new Set<number>();
    const balancer = new InstanceBalancer(instances, { version: 'v2', percent: 25 }, (i) => !out.has(i));
    const picks = Array.from({ length: 400 }, () => balancer.pick());
    expect(picks.filter((i) => i === 2)).toHaveLength(100);
    expect(picks.filter((i) => i === 0)).toHaveLength(225); // 3:1 of the other 300
    out.add(2);
    expect(Array.from({ length: 8 }, () => balancer.pick())).not.toContain(2);
  });
});

describe('canary rule through the real client (three real servers)', () => {
  let stableA: TestUpstream;
  let stableB: TestUpstream;
  let canary: TestUpstream;
  let client: UpstreamClient;

  beforeAll(async () => {
    stableA = await startUpstream((_req, res) => json(res, 200, { from: 'a' }));
    stableB = await startUpstream((_req, res) => json(res, 200, { from: 'b' }));
    canary = await startUpstream((_req, res) => json(res, 200, { from: 'canary' }));
    client = createUpstreamClient('catalog', {
      baseUrl: stableA.url,
      instances: [stableA.url, { url: stableB.url, weight: 2 }, { url: canary.url, version: 'v2' }],
      canary: { version: 'v2', percent: 10, header: { name: 'X-Canary', value: 'catalog-v2' } },
      coalesce: false,
      retry: false,
    });
  });
  afterAll(async () => {
    await client.close();
    await Promise.all([stableA.close(), stableB.close(), canary.close()]);
  });

  const reset = () => [stableA, stableB, canary].forEach((u) => (u.requests.length = 0));

  it('sends 10% of 2,000 calls to the canary instance, the rest 1:2 by weight', async () => {
    reset();
    const answers: string[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const page = await Promise.all(
        Array.from({ length: 100 }, () => client.get<{ from: string }>('/products/p1')),
      );
      answers.push(...page.map((r) => r.body.from));
    }
    const share = answers.filter((from) => from === 'canary').length / answers.length;
    expect(share).toBeGreaterThanOrEqual(0.08);
    expect(share).toBeLessThanOrEqual(0.12);
    expect(canary.requests).toHaveLength(answers.filter((from) => from === 'canary').length);
    expect(stableB.requests.length / stableA.requests.length).toBeCloseTo(2, 1);
  });

  it('sends exactly the calls of requests carrying the header to the canary', async () => {
    const rule = { version: 'v2', header: { name: 'x-canary', value: 'catalog-v2' } };
    const headerOnly = createUpstreamClient('catalog', {
      baseUrl: stableA.url,
      instances: [stableA.url, stableB.url, { url: canary.url, version: 'v2' }],
      canary: rule,
    });
    try {
      reset();
      const marks = Array.from({ length: 60 }, (_, i) => i % 3 === 0);
      const answers = await Promise.all(
        marks.map((marked, i) =>
          inRequest(
            marked
              ? { 'x-canary': 'catalog-v2' }
              : i % 2 === 0
                ? { 'x-canary': 'other' } // another value is not the mark
                : {},
            () => headerOnly.get<{ from: string }>('/products/p1'),
          ),
        ),
      );
      expect(answers.map((r) => r.body.from === 'canary')).toEqual(marks);
      expect(canary.requests).toHaveLength(20);
    } finally {
      await headerOnly.close();
    }
  });

  it('rejects a canary rule naming no instance, or every one, and bad weights', () => {
    const problems = (instances: unknown[], canaryRule?: unknown): readonly string[] => {
      try {
        createUpstreamClient('catalog', {
          baseUrl: 'http://a:1',
          instances: instances as never,
          canary: canaryRule as never,
        });
      } catch (err) {
        return (err as ConfigError).problems;
      }
      return [];
    };
    expect(problems(['http://a:1', 'http://b:1'], { version: 'v9', percent: 10 })).toEqual([
      'upstreams.catalog.canary.version: no instance has version "v9"',
    ]);
    expect(problems([{ url: 'http://a:1', version: 'v2' }], { version: 'v2', percent: 101 })).toEqual([
      'upstreams.catalog.canary.percent: must be a number in 0..100, got 101',
      'upstreams.catalog.canary.version: every instance has version "v2"; none is left',
    ]);
    expect(problems([{ url: 'http://a:1', weight: 0 }])).toEqual([
      'upstreams.catalog.instances[0].weight: must be an integer in 1..1000, got 0',
    ]);
  });

  it('keeps outlier ejection: a failing canary is ejected and its share served by the stable side', async () => {
    const failing = await startUpstream((_req, res) => json(res, 500, { from: 'failing' }));
    const clock = new FakeClock();
    const guarded = createUpstreamClient(
      'catalog',
      {
        baseUrl: stableA.url,
        instances: [stableA.url, { url: failing.url, version: 'v2' }],
        canary: { version: 'v2', percent: 50 },
        outlierEjection: { consecutiveFailures: 2, baseEjectionMs: 60_000 },
        retry: false,
        breaker: false,
      },
      { clock },
    );
    try {
      const first = await Promise.allSettled(Array.from({ length: 4 }, () => guarded.get('/products/p1')));
      expect(first.filter((r) => r.status === 'rejected')).toHaveLength(2);
      expect(guarded.instances()?.map((s) => s.ejected)).toEqual([false, true]);
      const after = await Promise.allSettled(Array.from({ length: 20 }, () => guarded.get('/products/p1')));
      expect(after.every((r) => r.status === 'fulfilled')).toBe(true);
      expect(failing.requests).toHaveLength(2);
    } finally {
      await guarded.close();
      await failing.close();
    }
  });
});
