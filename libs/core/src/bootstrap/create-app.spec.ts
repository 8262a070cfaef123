import { Body, Controller, Get, Module, Post, Headers } from '@nestjs/common';
import { connect } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { RequestContextStore } from '../context';
import { FakeClock } from '../time';
import { createApp } from './create-app';

/** The clock of every request's deadline in this suite: the deadline passes only when a test moves it. */
const clock = new FakeClock();

@Controller()
class ProbeController {
  @Post('/echo')
  echo(@Body() body: unknown): unknown {
    return { body };
  }

  /** The context a handler of a request with a body sees (the body is read on socket callbacks). */
  @Post('/context')
  contextAfterBody(@Body() body: unknown): unknown {
    return { requestId: RequestContextStore.current()?.requestId, body };
  }

  @Get('/context')
  context(@Headers() headers: Record<string, string>): unknown {
    const ctx = RequestContextStore.current();
    return {
      requestId: ctx?.requestId,
      traceId: ctx?.trace.traceId,
      remaining: ctx?.deadline.remaining(),
      headers,
    };
  }

  /** Waits for the request's cancellation, then lets the deadline (200 ms on the fake clock) pass. */
  @Get('/slow')
  async slow(): Promise<unknown> {
    const ctx = RequestContextStore.current()!;
    await new Promise((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
      clock.advance(200);
    });
    return { never: true };
  }

  @Get('/boom')
  boom(): never {
    throw new Error('secret internal detail at /srv/app.js:12');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('createApp', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApp(ProbeModule, {
      bodyLimit: 1024,
      requestTimeoutMs: 200,
      logger: pino({ level: 'silent' }),
      clock,
    });
  });
  afterAll(() => app.close());

  const inject = (opts: Parameters<NestFastifyApplication['inject']>[0]) => app.inject(opts);

  it.each([
    ['unknown route', { method: 'GET', url: '/nope' }, 404, 'BFF_ERR_ROUTE_NOT_FOUND'],
    [
      'oversized body',
      {
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ a: 'x'.repeat(4096) }),
      },
      413,
      'BFF_ERR_PAYLOAD_TOO_LARGE',
    ],
    [
      'unsupported media type',
      { method: 'POST', url: '/echo', headers: { 'content-type': 'application/xml' }, payload: '<a/>' },
      415,
      'BFF_ERR_UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'malformed JSON',
      { method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' },
      400,
      'BFF_ERR_MALFORMED_BODY',
    ],
    [
      'prototype poisoning',
      {
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__":{"x":1}}',
      },
      400,
      'BFF_ERR_MALFORMED_BODY',
    ],
    ['unexpected error', { method: 'GET', url: '/boom' }, 500, 'BFF_ERR_INTERNAL'],
    ['deadline', { method: 'GET', url: '/slow' }, 504, 'BFF_ERR_DEADLINE_EXCEEDED'],
  ] as const)('answers %s with problem+json', async (_name, req, status, code) => {
    const res = await inject(req as never);
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code, title: expect.any(String), detail: expect.any(String) });
    expect(body.type).toMatch(/^urn:bff:error:/);
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body).not.toMatch(/srv\/app|at .*\.js|stack/);
  });

  it('accepts a well-formed x-request-id and replaces a malformed one', async () => {
    const ok = await inject({ method: 'GET', url: '/context', headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers['x-request-id']).toBe('abc-123');
    expect(ok.json().requestId).toBe('abc-123');
    const bad = await inject({
      method: 'GET',
      url: '/context',
      headers: { 'x-request-id': 'a b\u0000<script>' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('continues an inbound W3C trace and exposes the deadline', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await inject({
      method: 'GET',
      url: '/context',
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.json().traceId).toBe(traceId);
    expect(res.json().remaining).toBe(200);
  });

  it("runs a handler in its request's context when its body arrives after the headers", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(await app.getUrl());
    const body = JSON.stringify({ a: 'x'.repeat(512) });
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    // `100 Continue` comes once the request's hooks have run: the body then arrives in later reads of the
    // socket, outside the hooks that made the context
    const continued = new Promise<void>((resolve) =>
      socket.on('data', () => answer.includes('100 Continue') && resolve()),
    );
    socket.write(
      'POST /context HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\nx-request-id: late-body-1\r\n' +
        `expect: 100-continue\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
    );
    await continued;
    socket.end(body);
    await closed;
    expect(JSON.parse(answer.slice(answer.lastIndexOf('\r\n\r\n') + 4))).toEqual({
      requestId: 'late-body-1',
      body: { a: 'x'.repeat(512) },
    });
  });

  it('removes spoofable identity headers on ingress', async () => {
    const res = await inject({
      method: 'GET',
      url: '/context',
      headers: {
        'x-user-id': 'admin',
        'x-consumer-username': 'root',
        'x-forwarded-user': 'x',
        'x-other': 'kept',
      },
    });
    const { headers } = res.json();
    expect(headers['x-user-id']).toBeUndefined();
    expect(headers['x-consumer-username']).toBeUndefined();
    expect(headers['x-forwarded-user']).toBeUndefined();
    expect(headers['x-other']).toBe('kept');
  });
});
