import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { verifyWebhook, webhookKey } from '@bff/jobs';
import {
  clearFaults,
  DEMO_PARTNERS,
  fetchClientToken,
  setFaults,
  startRedisServer,
  type TestRedisServer,
} from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { expectProblem, type RunningBff } from './support/bff-harness';
import { startCheckedPartnerBff } from './support/partner-bff';
import { ARCHIVE, ARCHIVE_SIZE, finished, jsonPost, pollJob } from './support/partner-jobs';

const SECRET = 'whsec_' + Buffer.from('exports-e2e-webhook-secret-32-bytes!').toString('base64');

/** A partner-bff whose every answer (jobs, results, errors) is checked against the documents it serves. */
const startPartnerBff = (stack: DemoStack, env: Record<string, string> = {}) =>
  startCheckedPartnerBff(stack, {
    RATE_LIMIT_ENABLED: 'false', // polling is these tests' load, not their subject
    JOBS_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    JOBS_WEBHOOK_ALLOW_HTTP: 'true',
    JOBS_WEBHOOK_SECRET: SECRET,
    JOBS_WEBHOOK_BACKOFF_MS: '50',
    ...env,
  });
type CheckedBff = Awaited<ReturnType<typeof startPartnerBff>>;

/** Waits (at most 5 s) until the instance is ready: its Redis connection is up. */
async function untilReady(bff: RunningBff): Promise<RunningBff> {
  const started = performance.now();
  while ((await bff.call('/health/ready')).status !== 200) {
    if (performance.now() - started > 5000) throw new Error('not ready after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return bff;
}

/** Fetches the result and checks it is the whole archive: every line one order, oldest first, no duplicates. */
async function expectArchiveExport(bff: RunningBff, token: string, location: string): Promise<void> {
  const res = await bff.call(`${location}/result`, { token });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
  expect(res.text.endsWith('\n')).toBe(true);
  const lines = res.text.slice(0, -1).split('\n');
  expect(lines).toHaveLength(ARCHIVE_SIZE);
  const orders = lines.map((line) => JSON.parse(line) as { id: string; createdAt: string; items: unknown[] });
  expect(new Set(orders.map((o) => o.id)).size).toBe(ARCHIVE_SIZE);
  expect(orders[0]).toMatchObject({
    id: 'partner-acme-a1',
    status: expect.any(String),
    total: expect.any(Number),
  });
  expect(orders.at(-1)!.id).toBe(`partner-acme-a${ARCHIVE_SIZE}`);
  for (let i = 1; i < orders.length; i++) expect(orders[i - 1].createdAt <= orders[i].createdAt).toBe(true);
  expect(orders.every((o) => o.createdAt >= '2023-01-01' && o.createdAt < '2024-01-01')).toBe(true);
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
}

describe('partner exports as jobs (e2e, in-process jobs)', () => {
  let stack: DemoStack;
  let bff: CheckedBff;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    stack = await startDemoStack();
    bff = await startPartnerBff(stack, { JOBS_MAX_ACTIVE_PER_OWNER: '2' });
    acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    globex = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.globex);
  });
  afterAll(async () => {
    const checked = bff?.checked();
    await bff?.close();
    expect(checked).toBeGreaterThan(20); // every answer above was checked against the documents
    await stack?.close();
  });
  afterEach(() => clearFaults(stack.urls.orders));

  it('exports 10 000 orders: 202 with Location at once, progress while running, then the NDJSON stream', async () => {
    const submitted = await bff.call('/v1/exports', { token: acme, ...jsonPost(ARCHIVE) });
    expect(submitted.status).toBe(202);
    const location = submitted.headers.location as string;
    expect(location).toMatch(/^\/v1\/jobs\/[0-9a-f-]{36}$/);
    expect(submitted.body).toMatchObject({
      id: location.split('/').pop(),
      kind: 'orders-export',
      status: 'queued',
      progress: { done: 0 },
      links: { self: location, result: `${location}/result` },
    });

    const job = await pollJob(bff, acme, location, finished);
    expect(job).toMatchObject({
      status: 'succeeded',
      progress: { done: ARCHIVE_SIZE, total: ARCHIVE_SIZE },
      result: { lines: ARCHIVE_SIZE, contentType: 'application/x-ndjson' },
      finishedAt: expect.any(String),
    });
    await expectArchiveExport(bff, acme, location);
  }, 30_000);

  it("a partner can neither see nor fetch another partner's job (404), and an unknown job is a 404", async () => {
    const submitted = await bff.call('/v1/exports', {
      token: acme,
      ...jsonPost({ from: '2024-03-01', to: '2024-03-08' }),
    });
    const location = submitted.headers.location as string;
    await pollJob(bff, acme, location, finished);
    expectProblem(await bff.call(location, { token: globex }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
    expectProblem(await bff.call(`${location}/result`, { token: globex }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
    const unknown = '/v1/jobs/00000000-0000-4000-8000-000000000000';
    expectProblem(await bff.call(unknown, { token: acme }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
    expect((await bff.call(`${location}/result`, { token: acme })).status).toBe(200);
  }, 30_000);

  it('bounds active jobs per partner (429 with Retry-After), answers 409 for a result before it exists, and frees the slot when a job ends', async () => {
    await setFaults(stack.urls.orders, { latencyMs: 150 });
    const first = await bff.call('/v1/exports', { token: acme, ...jsonPost(ARCHIVE) });
    const second = await bff.call('/v1/exports', { token: acme, ...jsonPost(ARCHIVE) });
    expect([first.status, second.status]).toEqual([202, 202]);

    const third = await bff.call('/v1/exports', { token: acme, ...jsonPost(ARCHIVE) });
    expectProblem(third, 429, 'BFF_ERR_JOB_LIMIT_REACHED');
    expect(third.headers['retry-after']).toBe('5');
    // the bound is per partner
    const other = await bff.call('/v1/exports', {
      token: globex,
      ...jsonPost({ from: '2024-01-01', to: '2024-02-01' }),
    });
    expect(other.status).toBe(202);

    const early = await bff.call(`${first.headers.location}/result`, { token: acme });
    expectProblem(early, 409, 'BFF_ERR_JOB_NOT_FINISHED');

    await clearFaults(stack.urls.orders);
    await pollJob(bff, acme, first.headers.location as string, finished);
    const again = await bff.call('/v1/exports', {
      token: acme,
      ...jsonPost({ from: '2024-01-01', to: '2024-01-02' }),
    });
    expect(again.status).toBe(202);
    for (const res of [second, other, again])
      await pollJob(bff, res === other ? globex : acme, res.headers.location as string, finished);
  }, 60_000);

  it.each([
    [{ ...ARCHIVE, format: 'csv' }, /^Unknown body field "format" \(rule: additionalProperties\)/],
    [{ from: '2023-01-01' }, /^Body field "to" is required \(rule: required\)/],
    [{ from: 'yesterday', to: '2024-01-01' }, /^Body field "from" must match format/],
    [{ from: '2024-01-01', to: '2023-01-01' }, /"to" must be after "from"/],
    [{ ...ARCHIVE, callbackUrl: 'http://10.0.0.1/hook' }, /allow-list/],
    [{ ...ARCHIVE, callbackUrl: 'http://user:pw@127.0.0.1/hook' }, /credentials/],
  ])('refuses %j with a 400 naming the problem', async (body, detail) => {
    const res = await bff.call('/v1/exports', { token: acme, ...jsonPost(body) });
    expectProblem(res, 400, 'BFF_ERR_VALIDATION');
    expect(res.body.detail).toMatch(detail);
  });

  it('POST /v2/exports: the same job, polled under /v2, its lines in the v2 order shape', async () => {
    const submitted = await bff.call('/v2/exports', {
      token: acme,
      ...jsonPost({ from: '2024-03-01', to: '2024-03-08' }),
    });
    expect(submitted.status).toBe(202);
    const location = submitted.headers.location as string;
    expect(location).toMatch(/^\/v2\/jobs\/[0-9a-f-]{36}$/);
    expect(submitted.headers.deprecation).toBeUndefined();
    const job = await pollJob(bff, acme, location, finished);
    expect(job).toMatchObject({ status: 'succeeded', links: { self: location } });
    const res = await bff.call(`${location}/result`, { token: acme });
    expect(res.status).toBe(200);
    const lines = res.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBe(job.result.lines);
    expect(lines[0].total).toEqual({ amount: expect.any(Number), currency: expect.any(String) });
    // the job is the partner's, whichever version reads it; v1 links point into v1
    const viaV1 = await bff.call(location.replace('/v2/', '/v1/'), { token: acme });
    expect(viaV1.body.links.self).toBe(location.replace('/v2/', '/v1/'));
    expectProblem(await bff.call(location, { token: globex }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
  }, 30_000);

  it('sends a signed completion webhook, retried after the receiver answers 500 once', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
    const receiver: Server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = received.length === 1 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = receiver.address() as AddressInfo;
      const submitted = await bff.call('/v1/exports', {
        token: acme,
        ...jsonPost({
          from: '2024-05-01',
          to: '2024-05-15',
          callbackUrl: `http://127.0.0.1:${port}/hooks/exports`,
        }),
      });
      expect(submitted.status).toBe(202);
      const started = performance.now();
      while (received.length < 2 && performance.now() - started < 10_000)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toHaveLength(2);

      const key = webhookKey(SECRET);
      const nowSec = Date.now() / 1000;
      for (const { headers, body } of received) {
        expect(verifyWebhook(key, headers, body, { nowSec })).toBe(true);
        expect(headers['content-type']).toBe('application/json');
      }
      // the same message both times: the receiver drops the replay by its id
      expect(received[1].headers['webhook-id']).toBe(received[0].headers['webhook-id']);
      expect(received[1].body).toBe(received[0].body);
      const event = JSON.parse(received[1].body);
      expect(event).toMatchObject({
        type: 'job.succeeded',
        data: { id: submitted.body.id, status: 'succeeded' },
      });
      // a tampered body, a signature under another secret, or a stale timestamp does not verify
      const { headers, body } = received[1];
      expect(verifyWebhook(key, headers, body.replace('succeeded', 'failed'), { nowSec })).toBe(false);
      expect(verifyWebhook(webhookKey('another-secret-of-32-characters!'), headers, body, { nowSec })).toBe(
        false,
      );
      expect(verifyWebhook(key, headers, body, { nowSec: nowSec + 3600 })).toBe(false);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  }, 30_000);
});

describe('partner exports with Redis (e2e, BullMQ, two instances in turn)', () => {
  let redis: TestRedisServer;
  let stack: DemoStack;
  let first: RunningBff | undefined;
  let second: RunningBff | undefined;

  beforeAll(async () => {
    redis = await startRedisServer();
    stack = await startDemoStack();
  });
  afterAll(async () => {
    await first?.close().catch(() => undefined);
    await second?.close();
    await stack?.close();
    await redis?.stop();
  });

  it('a job interrupted by a restart of the BFF completes on the next instance and streams from it', async () => {
    const env = { REDIS_URL: redis.url, JOBS_LOCK_MS: '5000' };
    first = await untilReady(await startPartnerBff(stack, env));
    const acme = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.acme);
    const globex = await fetchClientToken(stack.urls.idp, DEMO_PARTNERS.globex);
    await setFaults(stack.urls.orders, { latencyMs: 150 }); // ten pages: the job is still running when we stop
    const submitted = await first.call('/v1/exports', { token: acme, ...jsonPost(ARCHIVE) });
    expect(submitted.status).toBe(202);
    const location = submitted.headers.location as string;
    const running = await pollJob(first, acme, location, (job) => job.progress.done > 0);
    expect(running.status).toBe('running');
    await first.close();
    first = undefined;
    // the stopped instance handed the job back instead of finishing it during its shutdown
    const client = new Redis(redis.url);
    const stored = JSON.parse((await client.get(`{jobs:partner-acme}:job:${submitted.body.id}`))!);
    await client.quit();
    expect(stored).toMatchObject({ status: 'queued', progress: { done: 0 } });

    await clearFaults(stack.urls.orders);
    second = await untilReady(await startPartnerBff(stack, env));
    const job = await pollJob(second, acme, location, finished, 25_000);
    expect(job).toMatchObject({ status: 'succeeded', result: { lines: ARCHIVE_SIZE } });
    await expectArchiveExport(second, acme, location);
    expectProblem(await second.call(location, { token: globex }), 404, 'BFF_ERR_RESOURCE_NOT_FOUND');
  }, 60_000);

  it('shuts down even while Redis is gone (the queue drops its connections after JOBS_LOCK_MS)', async () => {
    const own = await startRedisServer({ own: true });
    const bff = await untilReady(await startPartnerBff(stack, { REDIS_URL: own.url, JOBS_LOCK_MS: '1000' }));
    await own.stop();
    await expect(bff.close()).resolves.toBeUndefined(); // bounded by the test's own timeout
  }, 15_000);
});
