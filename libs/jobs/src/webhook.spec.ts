import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelScope, FakeClock, ValidationError } from '@bff/core';
import { checkCallbackUrl, signWebhook, verifyWebhook, webhookKey, WebhookSender } from '@bff/jobs';

const KEY = webhookKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');

describe('webhook signatures (Standard Webhooks)', () => {
  it('matches the specification’s published example', () => {
    // https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md (test vector)
    const body = '{"test": 2432232314}';
    const headers = signWebhook(KEY, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body);
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies within the tolerance only, with the body and id as signed, under any listed signature', () => {
    const body = '{"type":"job.succeeded"}';
    const headers = signWebhook(KEY, 'job-1.succeeded', 1_900_000_000, body);
    expect(verifyWebhook(KEY, headers, body, { nowSec: 1_900_000_100 })).toBe(true);
    expect(verifyWebhook(KEY, headers, body, { nowSec: 1_900_000_301 })).toBe(false);
    expect(verifyWebhook(KEY, headers, `${body} `, { nowSec: 1_900_000_000 })).toBe(false);
    expect(
      verifyWebhook(KEY, { ...headers, 'webhook-id': 'job-2.succeeded' }, body, { nowSec: 1_900_000_000 }),
    ).toBe(false);
    const rotated = {
      ...headers,
      'webhook-signature': `v1,bm90LXRoaXMtb25l ${headers['webhook-signature']}`,
    };
    expect(verifyWebhook(KEY, rotated, body, { nowSec: 1_900_000_000 })).toBe(true);
    expect(verifyWebhook(KEY, {}, body, { nowSec: 1_900_000_000 })).toBe(false);
  });

  it('refuses a secret shorter than 16 bytes', () => {
    expect(() => webhookKey('short')).toThrow(RangeError);
  });
});

describe('checkCallbackUrl (the allow-list, no SSRF)', () => {
  const options = { allowedHosts: ['hooks.example.com', '*.partner.test', 'api.example.org:8443'] };

  it.each([
    'https://hooks.example.com/exports',
    'https://hooks.example.com:9000/x',
    'https://a.partner.test/x',
    'https://a.b.partner.test/x',
    'https://api.example.org:8443/x',
  ])('accepts %s', (url) => {
    expect(checkCallbackUrl(url, options)).toBe(new URL(url).href);
  });

  it.each([
    ['http://hooks.example.com/x', /https/],
    ['https://partner.test/x', /allow-list/],
    ['https://evilpartner.test/x', /allow-list/],
    ['https://api.example.org/x', /allow-list/],
    ['https://169.254.169.254/latest/meta-data', /allow-list/],
    ['https://hooks.example.com.evil.test/x', /allow-list/],
    ['https://u:p@hooks.example.com/x', /credentials/],
    ['not a url', /absolute URL/],
  ])('refuses %s', (url, reason) => {
    expect(() => checkCallbackUrl(url, options)).toThrow(ValidationError);
    expect(() => checkCallbackUrl(url, options)).toThrow(reason);
  });

  it('refuses everything while the list is empty, and plain http unless allowed', () => {
    expect(() => checkCallbackUrl('https://hooks.example.com/', { allowedHosts: [] })).toThrow(/not enabled/);
    expect(checkCallbackUrl('http://127.0.0.1:1234/', { allowedHosts: ['127.0.0.1'], allowHttp: true })).toBe(
      'http://127.0.0.1:1234/',
    );
  });
});

describe('WebhookSender', () => {
  let server: Server;
  let url: string;
  let answers: number[];
  let seen: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = answers[seen++] ?? 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    answers = [];
    seen = 0;
  });

  /** Lets the fake clock's timers and the real sockets take turns until `done` settles. */
  async function drive<T>(clock: FakeClock, done: Promise<T>): Promise<T> {
    let settled = false;
    void done.finally(() => (settled = true)).catch(() => undefined);
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      clock.advance(1000);
    }
    return done;
  }

  it('retries a non-2xx answer with a doubling backoff on the clock and stops at the first 2xx', async () => {
    answers = [500, 503];
    const clock = new FakeClock();
    const sender = new WebhookSender(
      { allowedHosts: ['127.0.0.1'], secret: 'x'.repeat(16), backoffMs: 1000 },
      clock,
    );
    const attempts: Array<[number, number | undefined, number]> = [];
    const started = clock.now();
    const final = await drive(
      clock,
      sender.deliver(
        { id: 'j.succeeded', url, body: '{}' },
        { delivered: false, attempts: 0 },
        new CancelScope(),
        async (s) => {
          attempts.push([s.attempts, s.lastStatus, clock.now() - started]);
        },
      ),
    );
    expect(final).toEqual({ delivered: true, attempts: 3, lastStatus: 204 });
    expect(attempts.map(([n, status]) => [n, status])).toEqual([
      [1, 500],
      [2, 503],
      [3, 204],
    ]);
    // waited at least 1 s, then 2 s more, between attempts
    expect(attempts[1][2] - attempts[0][2]).toBeGreaterThanOrEqual(1000);
    expect(attempts[2][2] - attempts[1][2]).toBeGreaterThanOrEqual(2000);
  });

  it('gives up after the configured attempts, and resumes from a state it is given', async () => {
    answers = [500, 500, 500, 500];
    const clock = new FakeClock();
    const sender = new WebhookSender(
      { allowedHosts: ['127.0.0.1'], secret: 'x'.repeat(16), attempts: 3 },
      clock,
    );
    const final = await drive(
      clock,
      sender.deliver(
        { id: 'j', url, body: '{}' },
        { delivered: false, attempts: 1 },
        new CancelScope(),
        async () => undefined,
      ),
    );
    expect(final).toEqual({ delivered: false, attempts: 3, lastStatus: 500 });
    expect(seen).toBe(2);
  });

  it('stops waiting when its scope is cancelled', async () => {
    answers = [500];
    const clock = new FakeClock();
    const sender = new WebhookSender(
      { allowedHosts: ['127.0.0.1'], secret: 'x'.repeat(16), backoffMs: 60_000 },
      clock,
    );
    const scope = new CancelScope();
    const delivering = sender.deliver(
      { id: 'j', url, body: '{}' },
      { delivered: false, attempts: 0 },
      scope,
      async () => scope.cancel(new Error('shutting down')),
    );
    await expect(delivering).rejects.toThrow('shutting down');
    expect(seen).toBe(1);
  });
});
