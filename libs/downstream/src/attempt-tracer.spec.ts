import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { FakeClock, RequestContextStore } from '@bff/core';
import { createUpstreamClient, hedgePolicy, type AttemptTracer } from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

type Started = Parameters<AttemptTracer['startAttempt']>[0];

/** A tracer that numbers its spans and records how each started and ended. */
function recordingTracer() {
  const spans: { start: Started; spanId: string; ended?: [string, number | undefined] }[] = [];
  const tracer: AttemptTracer = {
    startAttempt(start) {
      const span = { start, spanId: String(spans.length + 1).padStart(16, 'a') };
      spans.push(span);
      return {
        spanId: span.spanId,
        flags: '01',
        end: (outcome, status) => void ((span as (typeof spans)[number]).ended = [outcome, status]),
      };
    },
  };
  return { tracer, spans };
}

const parentOf = (headers: IncomingHttpHeaders) => String(headers.traceparent).split('-')[2];

describe('attempt spans (AttemptTracer)', () => {
  let upstream: TestUpstream;
  let answer: (res: ServerResponse, n: number) => void;
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
    if (!check()) throw new Error('condition not reached');
  };

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => answer(res, upstream.requests.length));
  });
  afterAll(() => upstream.close());
  beforeEach(() => void (upstream.requests.length = 0));

  it('starts a span per retry, numbered, and sends each one as the parent of its attempt', async () => {
    answer = (res, n) => (n === 1 ? json(res, 503, {}) : json(res, 200, { ok: true }));
    const { tracer, spans } = recordingTracer();
    const client = createUpstreamClient('users', { baseUrl: `${upstream.url}/api` }, { tracer });
    try {
      const { ctx } = testContext();
      const res = await RequestContextStore.run(ctx, () =>
        client.get('/users/u1', { query: { full: 'yes' } }),
      );
      expect(res.status).toBe(200);
    } finally {
      await client.close();
    }
    expect(spans.map((s) => [s.start.attempt, s.start.hedge, s.ended])).toEqual([
      [1, false, ['bad_gateway', 503]],
      [2, false, ['ok', 200]],
    ]);
    expect(spans[0].start).toMatchObject({
      upstream: 'users',
      method: 'GET',
      serverAddress: '127.0.0.1',
      serverPort: upstream.port,
      url: `${upstream.url}/api/users/u1`, // no query
      trace: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' },
    });
    expect(upstream.requests.map((r) => parentOf(r.headers))).toEqual(spans.map((s) => s.spanId));
  });

  it('marks a hedge, and ends the losing attempt as hedged', async () => {
    const held: ServerResponse[] = [];
    answer = (res) => void held.push(res);
    const clock = new FakeClock();
    const { tracer, spans } = recordingTracer();
    const client = createUpstreamClient(
      'catalog',
      { baseUrl: upstream.url, retry: false, policies: [hedgePolicy({ delayMs: 50, clock })] },
      { clock, tracer },
    );
    try {
      const { ctx } = testContext({ clock, budgetMs: 60_000 });
      const call = RequestContextStore.run(ctx, () => client.get('/products/p1', { hedge: true }));
      await until(() => held.length === 1);
      clock.advance(50);
      await until(() => held.length === 2);
      json(held[1], 200, {});
      expect((await call).status).toBe(200);
      await until(() => spans.every((s) => s.ended !== undefined));
    } finally {
      await client.close();
    }
    expect(spans.map((s) => [s.start.attempt, s.start.hedge, s.ended?.[0]])).toEqual([
      [1, false, 'hedged'],
      [1, true, 'ok'],
    ]);
    expect(upstream.requests.map((r) => parentOf(r.headers))).toEqual(spans.map((s) => s.spanId));
  });
});
