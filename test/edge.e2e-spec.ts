import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as loadMobile } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as loadWeb } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startBff, type RunningBff } from './support/bff-harness';
import { rawHttp, type RawAnswer } from './support/raw-http';

/** Put in every path below: no answer may quote it back. */
const MARKER = 'echo-marker-7f3a';
const ALLOWED_ORIGIN = 'https://app.example.com';

function expectRawProblem(res: RawAnswer, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(res.body.type).toMatch(/^urn:bff:error:/);
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toContain(MARKER);
  expect(res.text).not.toMatch(/\/v1\/|127\.0\.0\.1|\bat .+\.[jt]s:\d+/);
}

describe('the HTTP edge (e2e, raw sockets through the real createBffApp)', () => {
  let stack: DemoStack;
  /** mobile-bff with compression off. */
  let mobile: RunningBff;
  /** web-bff for browsers: CORS allow-list, 1 s header and 2 s body timeouts. */
  let web: RunningBff;

  beforeAll(async () => {
    stack = await startDemoStack();
    [mobile, web] = await Promise.all([
      startBff({
        loadConfig: loadMobile,
        module: (c) => MobileBffModule.forRoot(c),
        audience: 'mobile-bff',
        stack,
        env: { COMPRESSION: 'false' },
      }),
      startBff({
        loadConfig: loadWeb,
        module: (c) => WebBffModule.forRoot(c),
        audience: 'web-bff',
        stack,
        env: {
          CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.com`,
          CORS_MAX_AGE_SECONDS: '300',
          CLIENT_HEADERS_TIMEOUT_MS: '1000',
          CLIENT_BODY_TIMEOUT_MS: '2000',
        },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([mobile?.close(), web?.close()]);
    await stack?.close();
  });

  describe('bad input before routing answers problem+json, never quoting the path', () => {
    it.each([
      [
        'oversized headers',
        `GET /v1/home/${MARKER} HTTP/1.1\r\nHost: bff\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'BFF_ERR_HEADERS_TOO_LARGE',
      ],
      [
        'bad percent-encoding',
        `GET /v1/orders/%zz${MARKER} HTTP/1.1\r\nHost: bff\r\nConnection: close\r\n\r\n`,
        400,
        'BFF_ERR_MALFORMED_REQUEST',
      ],
      [
        'a duplicated Host header',
        `GET /v1/home?${MARKER} HTTP/1.1\r\nHost: bff\r\nHost: evil\r\nConnection: close\r\n\r\n`,
        400,
        'BFF_ERR_MALFORMED_REQUEST',
      ],
      [
        'a missing Host header',
        `GET /v1/home?${MARKER} HTTP/1.1\r\nConnection: close\r\n\r\n`,
        400,
        'BFF_ERR_MALFORMED_REQUEST',
      ],
      [
        'a malformed request line',
        `GET /v1/${MARKER} HTTP/9.x\r\nHost: bff\r\n\r\n`,
        400,
        'BFF_ERR_MALFORMED_REQUEST',
      ],
      [
        'a malformed header',
        `GET /v1/home HTTP/1.1\r\nHost: bff\r\nX ${MARKER}: 1\r\n\r\n`,
        400,
        'BFF_ERR_MALFORMED_REQUEST',
      ],
      [
        'an unknown path',
        `GET /v1/${MARKER} HTTP/1.1\r\nHost: bff\r\nConnection: close\r\n\r\n`,
        404,
        'BFF_ERR_ROUTE_NOT_FOUND',
      ],
      [
        'a known path with another method',
        `DELETE /v1/home HTTP/1.1\r\nHost: bff\r\nConnection: close\r\n\r\n`,
        405,
        'BFF_ERR_METHOD_NOT_ALLOWED',
      ],
    ])('%s', async (_name, raw, status, code) => {
      const res = await rawHttp(mobile.url, raw);
      expectRawProblem(res, status, code);
    });

    it.each([
      ['a static path', () => mobile, 'PUT', '/v1/home', 'GET, HEAD'],
      ['a parametric path', () => mobile, 'POST', `/v1/orders/${MARKER}`, 'GET, HEAD'],
      ['GraphQL, with CORS on', () => web, 'DELETE', '/graphql', 'GET, HEAD, POST, OPTIONS'],
    ])('405 on %s lists the methods the path supports in Allow', async (_name, app, method, path, allow) => {
      const res = await rawHttp(
        app().url,
        `${method} ${path} HTTP/1.1\r\nHost: bff\r\nConnection: close\r\n\r\n`,
      );
      expectRawProblem(res, 405, 'BFF_ERR_METHOD_NOT_ALLOWED');
      expect(res.headers.allow?.split(', ').sort()).toEqual(allow.split(', ').sort());
    });
  });

  describe('slow clients are cut at the configured time (1 s headers, 2 s body)', () => {
    // The bounds are loose on purpose: the machine is shared, so only the order of magnitude is asserted. The
    // upper bound is far below Node's own cut (60 s for headers, 300 s for the body) and far above the value
    // set plus the timeout check interval (a quarter of it).
    it.each([
      [
        'headers sent slowly',
        'POST /graphql HTTP/1.1\r\nHost: bff\r\n',
        Array.from({ length: 40 }, (_, i) => `X-Slow-${i}: 1\r\n`),
        1000,
      ],
      [
        'a body sent slowly',
        'POST /graphql HTTP/1.1\r\nHost: bff\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"query":',
        Array.from({ length: 40 }, () => ' '),
        2000,
      ],
    ])('%s: 408 problem+json, then the socket closes', async (_name, start, chunks, configuredMs) => {
      const res = await rawHttp(web.url, start, { chunks, intervalMs: 100, giveUpMs: 15_000 });
      expectRawProblem(res, 408, 'BFF_ERR_REQUEST_TIMEOUT');
      expect(res.headers.connection).toBe('close');
      expect(res.elapsedMs).toBeGreaterThanOrEqual(configuredMs * 0.9);
      expect(res.elapsedMs).toBeLessThan(configuredMs + 5000);
    });
  });

  describe('CORS (web-bff: an allow-list, with credentials)', () => {
    it('gives an allowed origin its CORS headers, with credentials', async () => {
      const res = await web.call('/health/live', { headers: { origin: ALLOWED_ORIGIN } });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/x-request-id/i);
      expect(String(res.headers.vary)).toMatch(/origin/i);
    });

    it('answers a preflight from an allowed origin, cacheable for the configured max-age', async () => {
      const res = await web.call('/graphql', {
        method: 'OPTIONS' as 'GET',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      expect(res.headers['access-control-max-age']).toBe('300');
      expect(String(res.headers['access-control-allow-methods'])).toMatch(/POST/);
      expect(String(res.headers['access-control-allow-headers'])).toMatch(/authorization/);
    });

    it.each([
      ['a simple request', 'GET', {}],
      ['a preflight', 'OPTIONS', { 'access-control-request-method': 'POST' }],
    ])('gives an unknown origin no CORS header on %s', async (_name, method, extra) => {
      const res = await web.call('/graphql', {
        method: method as 'GET',
        headers: { origin: 'https://evil.example.com', ...extra },
      });
      const cors = Object.keys(res.headers).filter((h) => h.startsWith('access-control-'));
      expect(cors).toEqual([]);
    });

    it('is off where no origin is configured (mobile-bff)', async () => {
      const res = await mobile.call('/health/live', { headers: { origin: ALLOWED_ORIGIN } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it.each([
    ['web-bff', () => web],
    ['mobile-bff', () => mobile],
  ])('%s sends the security headers, on answers and on errors', async (_name, app) => {
    for (const path of ['/health/live', `/${MARKER}`]) {
      const res = await app().call(path);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringMatching(/max-age=\d+/),
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(res.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  describe('compression', () => {
    let token: string;
    beforeAll(async () => {
      token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'web-bff' });
    });

    const viewer = (encoding: string) =>
      request(`${web.url}/graphql`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'accept-encoding': encoding,
        },
        body: JSON.stringify({
          query: '{ viewer { id orders(first: 10) { id items { quantity product { name } } } } }',
        }),
      });

    it.each([
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ])('compresses a large GraphQL answer with %s when the client accepts it', async (encoding, decode) => {
      const res = await viewer(encoding);
      const raw = Buffer.from(await res.body.arrayBuffer());
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      const json = JSON.parse(decode(raw).toString('utf8'));
      expect(json.data.viewer.orders).toHaveLength(10);
      expect(raw.length).toBeLessThan(decode(raw).length);
    });

    it('sends a small answer as it is', async () => {
      const res = await request(`${web.url}/health/live`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(await res.body.json()).toBeDefined();
    });

    it('sends a large answer as it is where compression is off (mobile-bff)', async () => {
      const res = await request(`${mobile.url}/metrics`, { headers: { 'accept-encoding': 'gzip, br' } });
      const text = await res.body.text();
      expect(text.length).toBeGreaterThan(1024);
      expect(res.headers['content-encoding']).toBeUndefined();
    });

    it('keeps the metrics of compressed answers (route and status recorded)', async () => {
      await viewer('gzip').then((r) => r.body.dump());
      const res = await request(`${web.url}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.headers['content-encoding']).toBe('gzip');
      const text = gunzipSync(Buffer.from(await res.body.arrayBuffer())).toString('utf8');
      expect(text).toMatch(/http_server_request_duration_seconds_count\{[^}]*route="\/graphql"[^}]*\} [1-9]/);
    });
  });
});
