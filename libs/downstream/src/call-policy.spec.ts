import { FakeClock, InternalError, RequestContextStore } from '@bff/core';
import {
  classify,
  createUpstreamClient,
  DownstreamUnavailableError,
  REQUEST_TIMEOUT_HEADER,
  type CallPolicy,
  type UpstreamCallEvent,
} from '@bff/downstream';
import type { Dispatcher } from 'undici';
import { json, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

/** A retry-like policy: on an unavailable or bad-gateway attempt, waits `backoffMs` on the clock and tries again. */
function retryOnce(clock: FakeClock, backoffMs: number, seen: string[]): CallPolicy {
  return {
    name: 'retry-once',
    async execute(call, next) {
      try {
        return await next(call);
      } catch (err) {
        const { outcome } = classify(call, err);
        seen.push(outcome);
        if (outcome !== 'unavailable' && outcome !== 'bad_gateway') throw err;
        clock.advance(backoffMs); // stands for the backoff a real retry would wait
        return next(call);
      }
    },
  };
}

describe('call policies', () => {
  let upstream: TestUpstream;
  let answered = 0;

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      if (req.url === '/flaky') return json(res, ++answered % 2 === 1 ? 503 : 200, { n: answered });
      json(res, 200, { ok: true, intercepted: req.headers['x-intercepted'] ?? null });
    });
  });
  afterAll(() => upstream.close());

  it('gives a retried attempt fresh headers: a new span id and the smaller remaining budget', async () => {
    const clock = new FakeClock();
    const outcomes: string[] = [];
    const events: UpstreamCallEvent[] = [];
    const client = createUpstreamClient(
      'users',
      { baseUrl: upstream.url, policies: [retryOnce(clock, 250, outcomes)], retry: false },
      { clock, onCall: (e) => events.push(e) },
    );
    try {
      const { ctx } = testContext({ budgetMs: 1000, clock });
      const before = upstream.requests.length;
      const res = await RequestContextStore.run(ctx, () => client.get<{ n: number }>('/flaky'));
      expect(res).toMatchObject({ status: 200, body: { n: 2 } });
      expect(outcomes).toEqual(['bad_gateway']);

      const [first, second] = upstream.requests.slice(before).map((r) => r.headers);
      const [, trace1, span1] = TRACEPARENT.exec(String(first.traceparent))!;
      const [, trace2, span2] = TRACEPARENT.exec(String(second.traceparent))!;
      expect(trace2).toBe(trace1);
      expect(span2).not.toBe(span1);
      expect(first[REQUEST_TIMEOUT_HEADER]).toBe('1000');
      expect(second[REQUEST_TIMEOUT_HEADER]).toBe('750');
      expect(second['x-request-id']).toBe('req-123');
      expect(events).toEqual([expect.objectContaining({ outcome: 'ok', status: 200, durationMs: 250 })]);
    } finally {
      await client.close();
    }
  });

  it('runs the module policies before the upstream ones, after the deadline', async () => {
    const order: string[] = [];
    const tracing = (name: string): CallPolicy => ({
      name,
      execute(call, next) {
        order.push(`${name}:${call.attempts}`);
        return next(call);
      },
    });
    const client = createUpstreamClient(
      'users',
      { baseUrl: upstream.url, policies: [tracing('own')] },
      { policies: (name) => [tracing(`module-${name}`)] },
    );
    try {
      await client.get('/a');
      expect(client.policies.map((p) => p.name)).toEqual([
        'deadline',
        'retry',
        'module-users',
        'own',
        'breaker',
        'bulkhead',
      ]);
      expect(order).toEqual(['module-users:0', 'own:0']);
    } finally {
      await client.close();
    }
  });

  it('lets a policy answer by itself and report its own outcome', async () => {
    const events: UpstreamCallEvent[] = [];
    const cached: CallPolicy = {
      name: 'cache',
      execute(call) {
        call.outcome = 'cache_hit';
        return Promise.resolve({ status: 200, ok: true, body: { cached: true }, headers: {} });
      },
    };
    const client = createUpstreamClient(
      'users',
      { baseUrl: upstream.url, policies: [cached] },
      { onCall: (e) => events.push(e) },
    );
    const before = upstream.requests.length;
    try {
      await expect(client.get('/a')).resolves.toMatchObject({ body: { cached: true } });
      expect(upstream.requests.length).toBe(before);
      expect(events[0].outcome).toBe('cache_hit');
    } finally {
      await client.close();
    }
  });

  it('classifies an unknown failure inside the pipeline as internal, never unavailable', async () => {
    const events: UpstreamCallEvent[] = [];
    const buggy: CallPolicy = {
      name: 'buggy',
      execute() {
        throw new TypeError('a bug');
      },
    };
    const client = createUpstreamClient(
      'users',
      { baseUrl: upstream.url, policies: [buggy] },
      { onCall: (e) => events.push(e) },
    );
    try {
      const err = await client.get('/a').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InternalError);
      expect(err).not.toBeInstanceOf(DownstreamUnavailableError);
      expect(events[0].outcome).toBe('internal');
    } finally {
      await client.close();
    }
  });

  it('composes undici interceptors onto the dispatcher by configuration', async () => {
    const tagged: Dispatcher.DispatcherComposeInterceptor = (dispatch) =>
      function tagRequest(opts, handler) {
        return dispatch(
          { ...opts, headers: { ...(opts.headers as object), 'x-intercepted': 'yes' } },
          handler,
        );
      };
    const client = createUpstreamClient('users', { baseUrl: upstream.url, interceptors: [tagged] });
    try {
      await expect(client.get('/a')).resolves.toMatchObject({ body: { intercepted: 'yes' } });
    } finally {
      await client.close();
    }
  });

  it.each([
    ['a policy without execute', { policies: [{ name: 'x' }] }, 'upstreams.bad.policies[0]'],
    ['interceptors that are not functions', { interceptors: [42] }, 'upstreams.bad.interceptors'],
    ['a dispatcher that is not a factory', { dispatcher: {} }, 'upstreams.bad.dispatcher'],
    ['a fractional Retry-After', { unavailableRetryAfterSec: 0.5 }, 'upstreams.bad.unavailableRetryAfterSec'],
  ])('refuses %s at construction', (_label, extra, field) => {
    expect(() =>
      createUpstreamClient('bad', { baseUrl: 'http://127.0.0.1:1', ...(extra as object) }),
    ).toThrow(field);
  });
});
