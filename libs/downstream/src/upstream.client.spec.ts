import { childContext, ConfigError, DeadlineExceededError, FakeClock, RequestContextStore } from '@bff/core';
import {
  ClientClosedRequestError,
  createUpstreamClient,
  DownstreamBadGatewayError,
  DownstreamTimeoutError,
  DownstreamUnavailableError,
  type UpstreamCallEvent,
  type UpstreamClient,
} from '@bff/downstream';
import { json, refusedPort, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

describe('UpstreamClient', () => {
  let upstream: TestUpstream;
  let client: UpstreamClient;
  const events: UpstreamCallEvent[] = [];

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/users/u1':
          return json(res, 200, { id: 'u1', name: 'Ada', q: url.searchParams.getAll('tag') });
        case '/missing':
          return json(res, 404, { error: 'not found' });
        case '/boom':
          return json(res, 500, { secret: 'upstream stack trace' });
        case '/not-json':
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end('{"broken":');
        case '/big':
          return json(res, 200, { blob: 'x'.repeat(4096) });
        case '/big-chunked':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"blob":"');
          res.write('x'.repeat(4096));
          return res.end('"}');
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          return res.end('héllo');
        case '/empty':
          res.writeHead(204);
          return res.end();
        case '/broken-404':
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end('{"nope');
        case '/echo':
          return req.on('data', () => undefined).on('end', () => json(res, 201, { ok: true }));
        case '/hang':
          return; // never answers
      }
      json(res, 404, {});
    });
    client = createUpstreamClient(
      'users',
      { baseUrl: upstream.url, maxResponseBytes: 1024 },
      { onCall: (e) => events.push(e) },
    );
  });

  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  beforeEach(() => (events.length = 0));

  it('resolves a JSON answer with status, ok, body and headers', async () => {
    const res = await client.get<{ id: string; q: string[] }>('/users/u1', {
      query: { tag: ['a', 'b'], skip: undefined },
    });
    expect(res).toMatchObject({ status: 200, ok: true, body: { id: 'u1', name: 'Ada', q: ['a', 'b'] } });
    expect(res.headers['content-type']).toBe('application/json');
    expect(upstream.requests.at(-1)!.url).toBe('/users/u1?tag=a&tag=b');
    expect(events).toEqual([
      expect.objectContaining({
        upstream: 'users',
        method: 'GET',
        route: '/users/u1',
        status: 200,
        outcome: 'ok',
      }),
    ]);
  });

  it('resolves a 404 as an answer with ok: false', async () => {
    const res = await client.get('/missing');
    expect(res).toMatchObject({ status: 404, ok: false, body: { error: 'not found' } });
    expect(events[0]).toMatchObject({ status: 404, outcome: 'client_error' });
  });

  it('sends a JSON body with its content type', async () => {
    const res = await client.post('/echo', { a: 1 });
    expect(res.status).toBe(201);
    expect(upstream.requests.at(-1)!.headers['content-type']).toBe('application/json');
  });

  it('maps an upstream 500 to a 502 whose detail names neither the upstream, its host nor its body', async () => {
    const err = await client.get('/boom').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownstreamBadGatewayError);
    expect(err).toMatchObject({
      code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY',
      status: 502,
      upstream: 'users',
      reason: 'answered 500',
    });
    const message = (err as Error).message;
    expect(message).toBe('An upstream service answered with an error.');
    expect(message).not.toContain('users');
    expect(message).not.toContain('127.0.0.1');
    expect(message).not.toContain('secret');
    expect(events[0]).toMatchObject({ status: 500, outcome: 'bad_gateway' });
  });

  it.each([
    ['an unparseable JSON body', '/not-json'],
    ['a body over maxResponseBytes (content-length)', '/big'],
    ['a body over maxResponseBytes (chunked)', '/big-chunked'],
  ])('maps %s on a 2xx to a 502', async (_label, path) => {
    await expect(client.get(path)).rejects.toMatchObject({
      code: DownstreamBadGatewayError.code,
      status: 502,
    });
    expect(events[0].outcome).toBe('bad_gateway');
  });

  it.each<[string, string, object]>([
    ['a text answer as a string', '/text', { status: 200, ok: true, body: 'héllo' }],
    ['an empty 204 as undefined', '/empty', { status: 204, ok: true, body: undefined }],
    ['a 4xx with an unparseable JSON body as undefined', '/broken-404', { status: 404, ok: false }],
  ])('resolves %s', async (_label, path, expected) => {
    const res = await client.get(path);
    expect(res).toMatchObject(expected);
    if (path === '/broken-404') expect(res.body).toBeUndefined();
  });

  it("maps a refused connection to 503 with the upstream's Retry-After, its code only in the log fields", async () => {
    const port = await refusedPort();
    const down = createUpstreamClient('orders', { baseUrl: `http://127.0.0.1:${port}` });
    const slow = createUpstreamClient('slow-to-recover', {
      baseUrl: `http://127.0.0.1:${port}`,
      unavailableRetryAfterSec: 7,
    });
    try {
      const err = await down.get('/orders').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DownstreamUnavailableError);
      expect(err).toMatchObject({
        status: 503,
        headers: { 'Retry-After': '1' },
        upstream: 'orders',
        reason: 'ECONNREFUSED',
      });
      const message = (err as Error).message;
      expect(message).toBe('An upstream service could not be reached.');
      expect(message).not.toMatch(/orders|ECONNREFUSED|UND_ERR|127\.0\.0\.1/);
      expect(message).not.toContain(String(port));
      await expect(slow.get('/x')).rejects.toMatchObject({ headers: { 'Retry-After': '7' } });
    } finally {
      await Promise.all([down.close(), slow.close()]);
    }
  });

  it('times out a hanging upstream at the per-call timeout, on the client clock', async () => {
    const clock = new FakeClock();
    const timed = createUpstreamClient(
      'users',
      { baseUrl: upstream.url },
      { clock, onCall: (e) => events.push(e) },
    );
    try {
      const call = timed.get('/hang', { timeoutMs: 150 }).catch((e: unknown) => e);
      clock.advance(149);
      await new Promise((resolve) => setImmediate(resolve));
      expect(events).toEqual([]);
      clock.advance(1);
      const err = await call;
      expect(err).toBeInstanceOf(DownstreamTimeoutError);
      expect(err).toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_TIMEOUT', status: 504 });
      expect((err as Error).message).toBe('An upstream service did not answer in time.');
      expect(events[0]).toMatchObject({ outcome: 'timeout', durationMs: 150 });
    } finally {
      await timed.close();
    }
  });

  it('times out a hanging upstream at the configured headers timeout (undici checks it every ~0.5 s)', async () => {
    const slow = createUpstreamClient('slow', { baseUrl: upstream.url, headersTimeoutMs: 150 });
    try {
      const started = performance.now();
      await expect(slow.get('/hang')).rejects.toBeInstanceOf(DownstreamTimeoutError);
      // undici's own timer, not ours, so no fake clock: the default (5000 ms) would fail this bound; 150 ms plus
      // undici's ~1 s sweep leaves a loaded 2-core machine more than 2.5 s of slack.
      expect(performance.now() - started).toBeLessThan(4000);
    } finally {
      await slow.close();
    }
  });

  it('cuts a hanging call at the request deadline with DeadlineExceededError (no timer of its own)', async () => {
    const clock = new FakeClock();
    const { ctx } = testContext({ budgetMs: 150, clock });
    const call = RequestContextStore.run(ctx, () => client.get('/hang', { timeoutMs: 3000 })).catch(
      (e: unknown) => e,
    );
    expect(clock.pendingTimers).toBe(1); // the context's deadline timer only
    clock.advance(150);
    const err = await call;
    expect(err).toBeInstanceOf(DeadlineExceededError);
    expect(err).toMatchObject({ code: 'BFF_ERR_DEADLINE_EXCEEDED', status: 504 });
    expect((err as Error).message).toBe('The request deadline passed while waiting for an upstream service.');
    expect(events[0].outcome).toBe('deadline');
  });

  it('sets a timer of its own when timeoutMs is shorter than the context deadline', async () => {
    const clock = new FakeClock();
    const { ctx } = testContext({ budgetMs: 5000, clock });
    const timed = createUpstreamClient('users', { baseUrl: upstream.url }, { onCall: (e) => events.push(e) });
    try {
      const call = RequestContextStore.run(ctx, () => timed.get('/hang', { timeoutMs: 150 })).catch(
        (e: unknown) => e,
      );
      expect(clock.pendingTimers).toBe(2);
      clock.advance(150);
      expect(await call).toBeInstanceOf(DownstreamTimeoutError);
      expect(events[0].outcome).toBe('timeout');
      expect(clock.pendingTimers).toBe(1); // the call's timer is gone, the context's stays
    } finally {
      await timed.close();
    }
  });

  it('cuts a call at the deadline of the unit of work it runs in', async () => {
    const clock = new FakeClock();
    const { ctx } = testContext({ budgetMs: 5000, clock });
    const part = childContext(ctx, { budgetMs: 150 });
    const call = RequestContextStore.run(part, () => client.get('/hang')).catch((e: unknown) => e);
    clock.advance(150);
    expect(await call).toBeInstanceOf(DeadlineExceededError);
    expect(ctx.cancellation.aborted).toBe(false);
    expect(events[0].outcome).toBe('deadline');
  });

  it('maps a client disconnect on the request cancellation', async () => {
    const { ctx } = testContext();
    const call = RequestContextStore.run(ctx, () => client.get('/hang'));
    setTimeout(() => ctx.cancellation.cancel(new Error('client disconnected')), 30);
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientClosedRequestError);
    expect(events[0].outcome).toBe('aborted');
  });

  it('fails fast without a network call when the deadline has already passed', async () => {
    const { ctx } = testContext({ budgetMs: 0 });
    const before = upstream.requests.length;
    await expect(RequestContextStore.run(ctx, () => client.get('/users/u1'))).rejects.toBeInstanceOf(
      DeadlineExceededError,
    );
    expect(upstream.requests.length).toBe(before);
    expect(events[0]).toMatchObject({ outcome: 'deadline', status: undefined });
  });

  it('aborts an in-flight call when the request is cancelled (client went away)', async () => {
    const { ctx } = testContext();
    const call = RequestContextStore.run(ctx, () => client.get('/hang'));
    // Without the abort the call would hang (no timeout is set): settling at all is the proof.
    setTimeout(() => ctx.cancellation.cancel(new Error('client disconnected')), 50);
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientClosedRequestError);
    expect(err).toMatchObject({ code: 'BFF_ERR_CLIENT_CLOSED_REQUEST', status: 499 });
    expect(events[0].outcome).toBe('aborted');
  });

  it('aborts an in-flight call when the caller signal fires', async () => {
    const caller = new AbortController();
    const call = client.get('/hang', { signal: caller.signal });
    setTimeout(() => caller.abort(), 30);
    await expect(call).rejects.toBeInstanceOf(ClientClosedRequestError);
  });

  it('reuses one keep-alive socket for sequential calls, after a failure status too', async () => {
    const server = await startUpstream((req, res) =>
      json(res, req.url === '/fails' ? 503 : 200, { ok: req.url !== '/fails', pad: 'x'.repeat(200) }),
    );
    const reused = createUpstreamClient('reused', { baseUrl: server.url, retry: false });
    try {
      // undici hands a socket back to its pool one event-loop turn after the response completes
      const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
      await reused.get('/a');
      await nextTurn();
      await reused.get('/b');
      await nextTurn();
      await reused.get('/missing-but-answered');
      await nextTurn();
      await expect(reused.get('/fails')).rejects.toBeInstanceOf(DownstreamBadGatewayError);
      await new Promise((resolve) => setTimeout(resolve, 20)); // the failed answer's body is read to its end
      await reused.get('/after-a-failure');
      expect(server.requests).toHaveLength(5);
      expect(server.connections()).toBe(1);
    } finally {
      await reused.close();
      await server.close();
    }
  });

  it('prefixes the base URL path', async () => {
    const prefixed = createUpstreamClient('prefixed', { baseUrl: `${upstream.url}/users/` });
    try {
      await expect(prefixed.get('/u1')).resolves.toMatchObject({ status: 200, body: { id: 'u1' } });
    } finally {
      await prefixed.close();
    }
  });

  it('swallows errors thrown by onCall', async () => {
    const noisy = createUpstreamClient(
      'noisy',
      { baseUrl: upstream.url },
      {
        onCall: () => {
          throw new Error('metrics down');
        },
      },
    );
    try {
      await expect(noisy.get('/users/u1')).resolves.toMatchObject({ status: 200 });
    } finally {
      await noisy.close();
    }
  });

  it('rejects a non-positive per-call timeout and a path without a leading slash', async () => {
    await expect(client.get('/users/u1', { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    await expect(client.get('users/u1')).rejects.toThrow(/path must start/);
    await expect(client.get('//evil.example/x')).rejects.toThrow(/path must start/);
  });

  it.each([
    ['a relative base URL', { baseUrl: 'users:4001' }, 'upstreams.bad.baseUrl'],
    ['a non-URL', { baseUrl: 'not a url' }, 'upstreams.bad.baseUrl'],
    ['zero connections', { baseUrl: 'http://127.0.0.1:1', connections: 0 }, 'upstreams.bad.connections'],
    [
      'a negative timeout',
      { baseUrl: 'http://127.0.0.1:1', headersTimeoutMs: -5 },
      'upstreams.bad.headersTimeoutMs',
    ],
    [
      'a fractional size',
      { baseUrl: 'http://127.0.0.1:1', maxResponseBytes: 1.5 },
      'upstreams.bad.maxResponseBytes',
    ],
  ])('rejects %s with a ConfigError naming the field', (_label, options, field) => {
    expect(() => createUpstreamClient('bad', options)).toThrow(ConfigError);
    expect(() => createUpstreamClient('bad', options)).toThrow(field);
  });
});
