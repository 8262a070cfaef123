import { FakeClock, RequestContextStore, type Principal } from '@bff/core';
import {
  aggregate,
  createUpstreamClient,
  DownstreamUnavailableError,
  MemoryResponseCacheStore,
  optional,
  parseCacheControl,
  type CallOutcome,
  type CallPolicy,
  type UpstreamCallEvent,
  type UpstreamClient,
} from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../../test/test-upstream';

/** What a breaker in front of the upstream answers while open. */
class CircuitOpenError extends DownstreamUnavailableError {
  static override readonly outcome: CallOutcome = 'circuit_open';
}

const user = (subject: string): Principal => ({ kind: 'user', subject, scopes: [], method: 'jwt' });

describe('response cache with stale-if-error (cache: {...})', () => {
  let upstream: TestUpstream;
  /** What the upstream answers next: status and Cache-Control. */
  let answer: { status: number; cacheControl?: string };
  let served = 0;
  let breakerOpen = false;
  const breaker: CallPolicy = {
    name: 'test-breaker',
    execute: (call, next) =>
      breakerOpen
        ? Promise.reject(new CircuitOpenError(call.upstream, 'open', { retryAfterSec: 5 }))
        : next(call),
  };

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      served++;
      if (answer.cacheControl) res.setHeader('cache-control', answer.cacheControl);
      json(res, answer.status, { n: served, user: req.headers['x-user-id'] ?? null });
    });
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    answer = { status: 200, cacheControl: 'max-age=60, stale-if-error=300' };
    breakerOpen = false;
  });

  function setup(shared = true, maxBytes?: number) {
    const clock = new FakeClock();
    const events: UpstreamCallEvent[] = [];
    const client = createUpstreamClient(
      'catalog',
      {
        baseUrl: upstream.url,
        cache: { routes: ['/products/*'], shared },
        policies: [breaker],
        retry: false,
      },
      { clock, onCall: (e) => events.push(e), responseCache: new MemoryResponseCacheStore({ maxBytes }) },
    );
    const call = (path: string, principal?: Principal) => {
      const { ctx } = testContext({ clock, principal, budgetMs: 600_000 });
      return { ctx, done: RequestContextStore.run(ctx, () => client.get<{ n: number; user: string }>(path)) };
    };
    return { clock, events, client, call };
  }
  let client: UpstreamClient | undefined;
  afterEach(() => client?.close());

  it('answers from the cache while fresh (max-age), without calling the upstream', async () => {
    const s = setup();
    client = s.client;
    const first = await s.call('/products/p1').done;
    const before = served;
    s.clock.advance(59_000);
    const second = await s.call('/products/p1').done;
    expect(second.body.n).toBe(first.body.n);
    expect(served).toBe(before);
    expect(s.events.map((e) => e.outcome)).toEqual(['ok', 'cache_hit']);
    s.clock.advance(2_000); // stale now: the upstream is asked again
    expect((await s.call('/products/p1').done).body.n).toBe(before + 1);
  });

  it('serves a stale copy when the upstream fails, reported as a degraded part with stale: true', async () => {
    const s = setup();
    client = s.client;
    const fresh = await s.call('/products/p2').done;
    s.clock.advance(120_000); // past max-age, within stale-if-error
    answer = { status: 503 };
    const { ctx } = testContext({ clock: s.clock });
    const result = await RequestContextStore.run(ctx, () =>
      aggregate({ product: optional(() => s.client.get<{ n: number }>('/products/p2')) }),
    );
    expect(result.data.product?.body.n).toBe(fresh.body.n);
    expect(result.degraded).toEqual([
      { part: 'product', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY', stale: true },
    ]);
    expect(ctx.degraded).toEqual(result.degraded);
    expect(s.events.at(-1)?.outcome).toBe('stale');

    // Outside an aggregate, the request's degraded list names the upstream.
    const plain = s.call('/products/p2');
    expect((await plain.done).body.n).toBe(fresh.body.n);
    expect(plain.ctx.degraded).toEqual([
      { part: 'catalog', code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY', stale: true },
    ]);
  });

  it('serves a stale copy while a breaker after it is open (outcome circuit_open)', async () => {
    const s = setup();
    client = s.client;
    const fresh = await s.call('/products/p3').done;
    s.clock.advance(61_000);
    breakerOpen = true;
    const before = served;
    expect((await s.call('/products/p3').done).body.n).toBe(fresh.body.n);
    expect(served).toBe(before);
  });

  it('fails as the upstream did once stale-if-error has passed', async () => {
    const s = setup();
    client = s.client;
    await s.call('/products/p4').done;
    s.clock.advance(361_000);
    answer = { status: 500 };
    await expect(s.call('/products/p4').done).rejects.toMatchObject({
      code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY',
    });
  });

  it.each([
    ['no-store', 'no-store, max-age=60', true],
    ['private, in a shared cache', 'private, max-age=60', true],
  ])('never stores %s', async (_name, cacheControl, shared) => {
    const s = setup(shared);
    client = s.client;
    answer = { status: 200, cacheControl };
    const first = await s.call('/products/p5').done;
    expect((await s.call('/products/p5').done).body.n).toBe(first.body.n + 1);
  });

  it('keeps a per-identity cache unless shared: one user never gets another’s answer', async () => {
    const s = setup(false);
    client = s.client;
    answer = { status: 200, cacheControl: 'private, max-age=60' };
    const u1 = await s.call('/products/p6', user('u1')).done;
    const u2 = await s.call('/products/p6', user('u2')).done;
    expect([u1.body.user, u2.body.user]).toEqual(['u1', 'u2']);
    expect((await s.call('/products/p6', user('u1')).done).body.n).toBe(u1.body.n);
  });

  it('leaves routes that are not configured alone', async () => {
    const s = setup();
    client = s.client;
    const first = await s.call('/other/p1').done;
    expect((await s.call('/other/p1').done).body.n).toBe(first.body.n + 1);
  });

  it('is bounded by bytes: the least recently used answers go first', async () => {
    const store = new MemoryResponseCacheStore({ maxBytes: 400, maxEntryBytes: 400 });
    const entry = { status: 200, headers: {}, body: { pad: 'x'.repeat(100) }, freshUntil: 1, staleUntil: 2 };
    for (const key of ['a', 'b', 'c', 'd']) store.set(key, entry, 60_000);
    expect(store.sizeBytes).toBeLessThanOrEqual(400);
    expect(store.get('a')).toBeUndefined();
    expect(store.get('d')).toBeDefined();
  });

  it('weighs an answer by the size its upstream sent, without serializing it again', async () => {
    const s = setup(true, 16 * 1024);
    client = s.client;
    const response = await s.call('/products/p1').done;
    const sent = JSON.stringify(response.body).length;
    expect(response.bodyBytes).toBe(sent);
    const store = new MemoryResponseCacheStore({ maxBytes: 4096, maxEntryBytes: 1024 });
    const small = { status: 200, headers: {}, body: { n: 1 }, freshUntil: 1, staleUntil: 2 };
    store.set('weighed', { ...small, bodyBytes: 100 }, 60_000);
    expect(store.sizeBytes).toBe('weighed'.length + 100 + 64);
    store.set('too-large-as-sent', { ...small, bodyBytes: 2048 }, 60_000);
    expect(store.get('too-large-as-sent')).toBeUndefined();
    store.set('unweighed', small, 60_000);
    expect(store.sizeBytes).toBe('weighed'.length + 100 + 64 + 'unweighed'.length + '{"n":1}'.length + 64);
  });

  it('parses Cache-Control directives', () => {
    expect(parseCacheControl('public, Max-Age=30, stale-if-error="600", s-maxage=10')).toEqual({
      maxAge: 30,
      sMaxAge: 10,
      staleIfError: 600,
      noStore: false,
      noCache: false,
      private: false,
    });
    const loose = parseCacheControl(['no-cache', 'max-age=abc']);
    expect(loose.noCache).toBe(true);
    expect(loose).not.toHaveProperty('maxAge');
    // each distinct value is parsed once: the same frozen answer comes back
    const again = parseCacheControl('public, Max-Age=30, stale-if-error="600", s-maxage=10');
    expect(again).toBe(parseCacheControl('public, Max-Age=30, stale-if-error="600", s-maxage=10'));
    expect(Object.isFrozen(again)).toBe(true);
    expect(parseCacheControl('max-age=5').maxAge).toBe(5);
    expect(parseCacheControl(undefined)).toEqual({ noStore: false, noCache: false, private: false });
    const long = `max-age=7, ${'x-padding, '.repeat(40)}no-cache`; // parsed each time, not kept
    expect(parseCacheControl(long)).toMatchObject({ maxAge: 7, noCache: true });
    expect(parseCacheControl(long)).not.toBe(parseCacheControl(long));
  });
});
