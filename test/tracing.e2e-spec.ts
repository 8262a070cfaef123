import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request } from 'undici';
import { createBffApp, createLogger, type BffConfig, type Env } from '@bff/core';
import { TRACING } from '@bff/observability';
import { mintUserToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as webConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { demoEnv } from './support/bff-harness';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CLIENT_SPAN = '00f067aa0ba902b7';
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[01])$/;
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/**
 * A users upstream that records the `traceparent` of every request it gets, answers the first `failFirst` of
 * them 503 (so the BFF retries) and forwards the others to the demo users service.
 */
async function startRecordingUpstream(target: string, failFirst: number) {
  const seen: IncomingHttpHeaders[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    if (seen.length <= failFirst) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"try again"}');
      return;
    }
    request(`${target}${req.url}`).then(
      async (up) => {
        res.writeHead(up.statusCode, { 'content-type': 'application/json' }).end(await up.body.text());
      },
      () => res.writeHead(502).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** `[traceId, parentSpanId, flags]` of each request's `traceparent`. */
    traceparents: () => seen.map((h) => TRACEPARENT.exec(String(h.traceparent))?.slice(1) ?? []),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A BFF through its real entry point (`createBffApp`), listening on a free port, its log lines kept. */
async function startApp<C extends BffConfig>(
  loadConfig: (env: Env) => C,
  module: (config: C) => DynamicModule,
  env: Env,
) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const config = loadConfig(env);
  const app: NestFastifyApplication = await createBffApp(
    module(config),
    config,
    createLogger({ name: config.name, level: 'info', destination }),
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    lines,
    call: async (
      path: string,
      headers: Record<string, string>,
      init: { method?: 'POST'; body?: string } = {},
    ) => {
      const res = await request(`${url}${path}`, { headers, method: init.method ?? 'GET', body: init.body });
      return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
    },
  };
}

describe('traces (e2e): OpenTelemetry spans exported over OTLP/HTTP to a receiver of the test', () => {
  let stack: DemoStack;
  let receiver: OtlpReceiver;
  let token: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    receiver = await startOtlpReceiver();
    token = await mintUserToken(stack.urls.idp, { sub: 'u1', aud: 'mobile-bff' });
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });
  const spansOf = (traceId: string): ReceivedSpan[] => receiver.spans.filter((s) => s.traceId === traceId);

  it('continues the client trace: a server span named by the route, a client span per attempt whose id the upstream saw', async () => {
    const users = await startRecordingUpstream(stack.urls.users, 1);
    const bff = await startApp(mobileConfig, (c) => MobileBffModule.forRoot(c), {
      ...demoEnv(stack, 'mobile-bff', { UPSTREAM_USERS_URL: users.url }),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=e2e',
    });
    let metrics: { contentType: string; body: string; plain: string };
    try {
      const home = await bff.call('/v1/home', {
        authorization: `Bearer ${token}`,
        traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
        tracestate: 'vendor=opaque',
      });
      expect(home.status).toBe(200);
      const order = await bff.call('/v1/orders/o-no-such-order', { authorization: `Bearer ${token}` });
      expect(order.status).toBeGreaterThanOrEqual(400);
      const scrape = await bff.call('/metrics', { accept: 'application/openmetrics-text; version=1.0.0' });
      const plain = await bff.call('/metrics', {});
      metrics = { contentType: String(scrape.headers['content-type']), body: scrape.text, plain: plain.text };
    } finally {
      await bff.app.close(); // flushes the spans still queued
      await users.close();
    }

    // The upstream saw the client's trace id, with a new parent span id per attempt (the 503, then its retry).
    const seen = users.traceparents();
    expect(seen).toHaveLength(2);
    for (const [traceId, parent, flags] of seen) {
      expect([traceId, flags]).toEqual([CLIENT_TRACE, '01']);
      expect(parent).not.toBe(CLIENT_SPAN);
    }
    expect(seen[0][1]).not.toBe(seen[1][1]);

    // One server span, a child of the client's span, named by the route template.
    const trace = spansOf(CLIENT_TRACE);
    const [server] = trace.filter((s) => s.kind === SERVER);
    expect(trace.filter((s) => s.kind === SERVER)).toHaveLength(1);
    expect(server).toMatchObject({
      name: 'GET /v1/home',
      parentSpanId: CLIENT_SPAN,
      attributes: {
        'http.request.method': 'GET',
        'http.route': '/v1/home',
        'url.path': '/v1/home',
        'http.response.status_code': 200,
        'bff.principal.kind': 'user',
      },
      resource: { 'service.name': 'mobile-bff', 'deployment.environment': 'e2e' },
    });
    expect(server.statusCode).not.toBe(ERROR);

    // A client span per attempt, children of the server span; their ids are the parents the upstream saw.
    const userAttempts = trace
      .filter((s) => s.kind === CLIENT && s.attributes['bff.upstream.name'] === 'users')
      .sort(
        (a, b) => Number(a.attributes['bff.upstream.attempt']) - Number(b.attributes['bff.upstream.attempt']),
      );
    expect(userAttempts.map((s) => s.spanId)).toEqual(seen.map(([, parent]) => parent));
    expect(userAttempts.map((s) => [s.name, s.parentSpanId])).toEqual([
      ['GET users', server.spanId],
      ['GET users', server.spanId],
    ]);
    expect(userAttempts.map((s) => s.attributes)).toEqual([
      expect.objectContaining({
        'bff.upstream.attempt': 1,
        'bff.upstream.outcome': 'bad_gateway',
        'http.response.status_code': 503,
        'error.type': '503',
      }),
      expect.objectContaining({
        'bff.upstream.attempt': 2,
        'http.request.resend_count': 1,
        'bff.upstream.outcome': 'ok',
        'http.response.status_code': 200,
      }),
    ]);
    expect(userAttempts.map((s) => s.statusCode)).toEqual([ERROR, 0]);
    const others = trace.filter((s) => s.kind === CLIENT && s.attributes['bff.upstream.name'] !== 'users');
    expect(new Set(others.map((s) => s.attributes['bff.upstream.name']))).toEqual(
      new Set(['orders', 'catalog', 'inventory']),
    );
    for (const span of others) expect(span.parentSpanId).toBe(server.spanId);
    expect(server.attributes['bff.upstream.calls']).toBe(userAttempts.length - 1 + others.length);

    // Never the raw path: the id is in url.path only.
    const detail = receiver.spans.find(
      (s) => s.kind === SERVER && s.attributes['url.path'] === '/v1/orders/o-no-such-order',
    );
    expect(detail).toMatchObject({
      name: 'GET /v1/orders/:id',
      attributes: { 'http.route': '/v1/orders/:id' },
    });

    // The access line carries the trace id; the latency bucket links to the trace (OpenMetrics only).
    const access = bff.lines.filter((l) => l.msg === 'request completed');
    expect(access.find((l) => l.route === '/v1/home')).toMatchObject({ traceId: CLIENT_TRACE });
    expect(metrics.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(metrics.body).toMatch(
      new RegExp(
        `^http_server_request_duration_seconds_bucket\\{le="[^"]+",method="GET",route="/v1/home",status_code="200"\\} \\d+ # \\{trace_id="${CLIENT_TRACE}",span_id="${server.spanId}"\\} [\\d.e-]+ \\d+(\\.\\d+)?$`,
        'm',
      ),
    );
    expect(metrics.body).toMatch(/^# EOF$/m);
    // Prometheus text keeps its counter names (prom-client would rename them in place for OpenMetrics).
    expect(metrics.plain).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(metrics.plain).not.toMatch(/ # \{trace_id=/);
  });

  it('names a GraphQL server span POST /graphql, with the operation name and type', async () => {
    const webToken = await mintUserToken(stack.urls.idp, { sub: 'u2', aud: 'web-bff' });
    const bff = await startApp(webConfig, (c) => WebBffModule.forRoot(c), {
      ...demoEnv(stack, 'web-bff'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    });
    let traceId: string;
    try {
      const res = await bff.call(
        '/graphql',
        { authorization: `Bearer ${webToken}`, 'content-type': 'application/json' },
        { method: 'POST', body: JSON.stringify({ query: 'query ViewerName { viewer { name } }' }) },
      );
      expect(res.status).toBe(200);
      traceId = String(
        bff.lines.find((l) => l.msg === 'request completed' && l.route === '/graphql')?.traceId,
      );
    } finally {
      await bff.app.close();
    }
    const [server] = spansOf(traceId).filter((s) => s.kind === SERVER);
    expect(server).toMatchObject({
      name: 'POST /graphql',
      attributes: { 'graphql.operation.name': 'ViewerName', 'graphql.operation.type': 'query' },
      resource: { 'service.name': 'web-bff' },
    });
    expect(server.parentSpanId).toBeUndefined();
    expect(spansOf(traceId).some((s) => s.kind === CLIENT && s.parentSpanId === server.spanId)).toBe(true);
  });

  it('exports the spans still queued on shutdown, before the process would exit', async () => {
    const bff = await startApp(mobileConfig, (c) => MobileBffModule.forRoot(c), {
      ...demoEnv(stack, 'mobile-bff'),
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '600000', // the batch would wait ten minutes
    });
    const traceId = 'aaaabbbbccccddddeeeeffff00001111';
    try {
      const res = await bff.call('/v1/home', {
        authorization: `Bearer ${token}`,
        traceparent: `00-${traceId}-${CLIENT_SPAN}-01`,
      });
      expect(res.status).toBe(200);
      expect(spansOf(traceId)).toEqual([]);
    } finally {
      await bff.app.close();
    }
    expect(spansOf(traceId).filter((s) => s.kind === SERVER)).toHaveLength(1);
    expect(spansOf(traceId).filter((s) => s.kind === CLIENT).length).toBeGreaterThanOrEqual(4);
  });

  /**
   * One sampled client request to /v1/home of a mobile-bff with `env`, through a recording users upstream; what
   * the upstream saw, the spans and exports the receiver got meanwhile (the app closed, so nothing is queued),
   * and whether the app had a tracer provider and the server-span hook.
   */
  async function homeOnce(env: Env) {
    const users = await startRecordingUpstream(stack.urls.users, 0);
    const [spansBefore, exportsBefore] = [receiver.spans.length, receiver.exports];
    const bff = await startApp(mobileConfig, (c) => MobileBffModule.forRoot(c), {
      ...demoEnv(stack, 'mobile-bff', { UPSTREAM_USERS_URL: users.url }),
      ...env,
    });
    const installed = {
      provider: bff.app.get(TRACING, { strict: false }) !== null,
      hook: bff.app.getHttpAdapter().getInstance().hasRequestDecorator('bffSpan'),
    };
    try {
      const res = await bff.call('/v1/home', {
        authorization: `Bearer ${token}`,
        traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`,
      });
      expect(res.status).toBe(200);
    } finally {
      await bff.app.close();
      await users.close();
    }
    const [[traceId, parent, flags]] = users.traceparents();
    expect([traceId, parent === CLIENT_SPAN]).toEqual([CLIENT_TRACE, false]);
    return {
      flags,
      installed,
      spans: receiver.spans.length - spansBefore,
      exports: receiver.exports - exportsBefore,
    };
  }

  it('exports nothing with OTEL_TRACES_SAMPLER=always_off, and tells upstreams the trace is not sampled', async () => {
    const run = await homeOnce({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_SAMPLER: 'always_off',
    });
    expect(run).toEqual({ flags: '00', installed: { provider: true, hook: true }, spans: 0, exports: 0 });
  });

  it.each([
    ['no endpoint', {}],
    [
      'OTEL_SDK_DISABLED=true',
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SDK_DISABLED: 'true' },
    ],
  ])(
    'installs no tracer provider and no hook with %s; trace context still propagates',
    async (_case, env) => {
      const run = await homeOnce(env);
      expect(run).toEqual({ flags: '01', installed: { provider: false, hook: false }, spans: 0, exports: 0 });
    },
  );
});
