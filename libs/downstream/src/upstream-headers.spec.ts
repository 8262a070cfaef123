import { DeadlineExceededError, FakeClock, RequestContextStore, type Principal } from '@bff/core';
import { createUpstreamClient, type UpstreamClient } from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../test/test-upstream';

const user: Principal = { kind: 'user', subject: 'u1', scopes: ['orders:read'], method: 'jwt' };
const partner: Principal = {
  kind: 'client',
  subject: 'partner-acme',
  clientId: 'partner-acme',
  tenant: 'acme',
  scopes: [],
  method: 'api-key',
};
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

describe('UpstreamClient propagation', () => {
  let upstream: TestUpstream;
  let client: UpstreamClient;

  beforeAll(async () => {
    upstream = await startUpstream((req, res) =>
      req.url === '/hang' ? undefined : json(res, 200, { ok: true }),
    );
    client = createUpstreamClient('users', { baseUrl: upstream.url });
  });

  afterAll(async () => {
    await client.close();
    await upstream.close();
  });

  const lastHeaders = () => upstream.requests.at(-1)!.headers;

  it('sends request id, traceparent with the same trace id and a new span id per call, and tracestate', async () => {
    const { ctx } = testContext({ traceState: 'vendor=abc' });
    await RequestContextStore.run(ctx, async () => {
      await client.get('/a');
      await client.get('/b');
    });
    const [first, second] = upstream.requests.slice(-2).map((r) => r.headers);
    const a = TRACEPARENT.exec(String(first.traceparent))!;
    const b = TRACEPARENT.exec(String(second.traceparent))!;
    expect(a[1]).toBe(ctx.trace.traceId);
    expect(b[1]).toBe(ctx.trace.traceId);
    expect(a[3]).toBe('01');
    expect(a[2]).not.toBe(ctx.trace.spanId);
    expect(a[2]).not.toBe(b[2]);
    expect(first['x-request-id']).toBe('req-123');
    expect(first.tracestate).toBe('vendor=abc');
  });

  it('sends the remaining budget, never more than what is left', async () => {
    const clock = new FakeClock();
    const { ctx } = testContext({ budgetMs: 1000, clock });
    await RequestContextStore.run(ctx, () => client.get('/a'));
    expect(lastHeaders()['x-request-timeout-ms']).toBe('1000');
    clock.advance(300);
    await RequestContextStore.run(ctx, () => client.get('/a'));
    expect(lastHeaders()['x-request-timeout-ms']).toBe('700');
    await RequestContextStore.run(ctx, () => client.get('/a', { timeoutMs: 200 }));
    expect(lastHeaders()['x-request-timeout-ms']).toBe('200');
  });

  it('sends the verified user identity and drops caller-supplied identity headers', async () => {
    const { ctx } = testContext({ principal: user });
    const spoofed = { 'X-User-Id': 'admin', 'x-tenant-id': 'evil', 'x-custom': 'kept' };
    await RequestContextStore.run(ctx, () => client.get('/a', { headers: spoofed }));
    const headers = lastHeaders();
    expect(headers['x-user-id']).toBe('u1');
    expect(headers['x-tenant-id']).toBeUndefined();
    expect(headers['x-client-id']).toBeUndefined();
    expect(headers['x-custom']).toBe('kept');
  });

  it('sends the verified client identity with its tenant', async () => {
    const { ctx } = testContext({ principal: partner });
    await RequestContextStore.run(ctx, () => client.get('/a'));
    expect(lastHeaders()).toMatchObject({ 'x-client-id': 'partner-acme', 'x-tenant-id': 'acme' });
    expect(lastHeaders()['x-user-id']).toBeUndefined();
  });

  it('sends no identity when propagateIdentity is false', async () => {
    const quiet = createUpstreamClient('quiet', { baseUrl: upstream.url }, { propagateIdentity: false });
    try {
      const { ctx } = testContext({ principal: user });
      await RequestContextStore.run(ctx, () => quiet.get('/a'));
      expect(lastHeaders()['x-user-id']).toBeUndefined();
      expect(lastHeaders()['x-request-id']).toBe('req-123');
    } finally {
      await quiet.close();
    }
  });

  it('sends no request id, trace or budget outside a request context', async () => {
    await client.get('/a');
    const headers = lastHeaders();
    expect(headers['x-request-id']).toBeUndefined();
    expect(headers.traceparent).toBeUndefined();
    expect(headers['x-request-timeout-ms']).toBeUndefined();
  });

  it('reports a request cancelled by the deadline as DeadlineExceededError', async () => {
    const { ctx } = testContext();
    const call = RequestContextStore.run(ctx, () => client.get('/hang'));
    setTimeout(() => ctx.cancellation.cancel(new DeadlineExceededError('Request deadline exceeded')), 30);
    await expect(call).rejects.toBeInstanceOf(DeadlineExceededError);
  });
});
