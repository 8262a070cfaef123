import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook (Standard Webhooks). */
export type WebhookHeaders = {
  'webhook-id': string;
  /** Epoch seconds. */
  'webhook-timestamp': string;
  /** `v1,<base64 HMAC-SHA256>`; several space-separated during a secret rotation. */
  'webhook-signature': string;
};

/**
 * The key of a webhook secret: `whsec_<base64>` as Standard Webhooks writes it, or the secret's UTF-8 bytes.
 * @throws RangeError when the secret is shorter than 16 bytes
 */
export function webhookKey(secret: string): Buffer {
  const key = secret.startsWith('whsec_')
    ? Buffer.from(secret.slice(6), 'base64')
    : Buffer.from(secret, 'utf8');
  if (key.length < 16) throw new RangeError('a webhook secret must have at least 16 bytes');
  return key;
}

/**
 * Signs a webhook: HMAC-SHA256 over `<id>.<timestamp>.<body>`, so the receiver can check the body is ours and
 * recent (the timestamp is signed) and drop a replay (the id is signed and stays the same across retries).
 * @example const headers = signWebhook(key, 'job_1.succeeded', 1_900_000_000, body);
 * @see https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
 */
export function signWebhook(key: Buffer, id: string, timestampSec: number, body: string): WebhookHeaders {
  const mac = createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSec), 'webhook-signature': `v1,${mac}` };
}

/** What {@link verifyWebhook} checks besides the signature. */
export interface VerifyWebhookOptions {
  /** The receiver's clock, in epoch seconds. */
  nowSec: number;
  /** Largest distance between the timestamp and now, in seconds. Default is 300 (5 minutes). */
  toleranceSec?: number;
}

/**
 * A receiver's check of a signed webhook: a `v1` signature matches (in constant time) and the timestamp is
 * within the tolerance. Dropping a replayed `webhook-id` is the receiver's part (it remembers ids it handled for
 * longer than the tolerance).
 * @example if (!verifyWebhook(key, req.headers, rawBody, { nowSec: Date.now() / 1000 })) return reply.code(401).send();
 */
export function verifyWebhook(
  key: Buffer,
  headers: Partial<Record<string, string | string[] | undefined>>,
  body: string,
  options: VerifyWebhookOptions,
): boolean {
  const [id, timestamp, signatures] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => {
    const value = headers[name];
    return typeof value === 'string' ? value : undefined;
  });
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(options.nowSec - Number(timestamp)) > (options.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(signWebhook(key, id, Number(timestamp), body)['webhook-signature'].slice(3));
  return signatures.split(' ').some((entry) => {
    if (!entry.startsWith('v1,')) return false;
    const given = Buffer.from(entry.slice(3));
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
