import { request } from 'undici';
import { ValidationError, type CancelScope, type Clock } from '@bff/core';
import type { WebhookState } from './job.types';
import { signWebhook, webhookKey } from './webhook.signature';

/** How completion webhooks are checked, signed and delivered. */
export interface WebhookOptions {
  /**
   * Hosts a `callbackUrl` may name: `hooks.example.com` (any port), `hooks.example.com:8443`, or
   * `*.example.com` (its subdomains). Empty = webhooks are off and a `callbackUrl` is refused.
   */
  allowedHosts: readonly string[];
  /** Accept `http:` callback URLs too (the demo stack, tests). Default is false: `https:` only. */
  allowHttp?: boolean;
  /** Signing secret (`whsec_<base64>` or at least 16 characters). */
  secret: string;
  /** Delivery attempts, the first included. Default is 5. */
  attempts?: number;
  /** Wait before the second attempt, doubled before each further one, in milliseconds. Default is 1000. */
  backoffMs?: number;
  /** Time one attempt may take, in milliseconds. Default is 5000. */
  timeoutMs?: number;
}

/**
 * Checks a client's callback URL against the allow-list, so a job cannot be aimed at an internal address (no
 * SSRF): absolute, `https:` (or `http:` when allowed), no credentials, host on the list. Redirects are never
 * followed when delivering.
 * @returns the normalised URL
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) naming what is wrong
 */
export function checkCallbackUrl(
  raw: string,
  options: Pick<WebhookOptions, 'allowedHosts' | 'allowHttp'>,
): string {
  if (options.allowedHosts.length === 0)
    throw new ValidationError('callbackUrl: webhooks are not enabled here.');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError('callbackUrl must be an absolute URL.');
  }
  const protocols = options.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!protocols.includes(url.protocol))
    throw new ValidationError(`callbackUrl must use ${protocols.join(' or ')}.`);
  if (url.username || url.password) throw new ValidationError('callbackUrl must not carry credentials.');
  if (!options.allowedHosts.some((entry) => hostMatches(entry, url)))
    throw new ValidationError('callbackUrl: its host is not on the allow-list.');
  return url.href;
}

function hostMatches(entry: string, url: URL): boolean {
  const at = entry.lastIndexOf(':');
  const hasPort = at > 0 && !entry.endsWith(']') && /^\d+$/.test(entry.slice(at + 1));
  const host = (hasPort ? entry.slice(0, at) : entry).toLowerCase();
  if (hasPort && entry.slice(at + 1) !== (url.port || (url.protocol === 'https:' ? '443' : '80')))
    return false;
  if (host.startsWith('*.'))
    return url.hostname.endsWith(host.slice(1)) && url.hostname.length > host.length - 1;
  return url.hostname === host;
}

/** One webhook to deliver: a stable id (receivers drop replays by it) and its JSON body. */
export interface WebhookMessage {
  id: string;
  url: string;
  body: string;
}

/**
 * Delivers signed webhooks (Standard Webhooks headers, see `signWebhook`), retrying any answer but a 2xx, and
 * any network failure, with a doubling backoff on the framework's clock. Each attempt is signed afresh (its
 * timestamp is the attempt's); the id stays.
 */
export class WebhookSender {
  private readonly key: Buffer;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly timeoutMs: number;

  constructor(
    options: WebhookOptions,
    private readonly clock: Clock,
  ) {
    this.key = webhookKey(options.secret);
    this.attempts = options.attempts ?? 5;
    this.backoffMs = options.backoffMs ?? 1000;
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /**
   * Delivers `message`, continuing from `state` (a job resumed on another replica does not start over), and
   * reports every attempt. Resolves with the final state; rejects only when `scope` is cancelled.
   */
  async deliver(
    message: WebhookMessage,
    state: WebhookState,
    scope: CancelScope,
    onAttempt: (state: WebhookState) => Promise<void>,
  ): Promise<WebhookState> {
    let current = state;
    while (!current.delivered && current.attempts < this.attempts) {
      if (current.attempts > 0) await this.pause(this.backoffMs * 2 ** (current.attempts - 1), scope);
      const status = await this.post(message, scope);
      if (scope.aborted) throw scope.reason;
      current = {
        delivered: status !== undefined && status >= 200 && status < 300,
        attempts: current.attempts + 1,
        ...(status === undefined ? {} : { lastStatus: status }),
      };
      await onAttempt(current);
    }
    return current;
  }

  /** The answer's status, or undefined when there was none (refused, reset, timed out). */
  private async post(message: WebhookMessage, scope: CancelScope): Promise<number | undefined> {
    const timestampSec = Math.floor(this.clock.epochMs() / 1000);
    const controller = new AbortController();
    const off = scope.onCancel((reason) => controller.abort(reason));
    const timer = this.clock.setTimeout(
      () => controller.abort(new Error('webhook timed out')),
      this.timeoutMs,
    );
    try {
      const res = await request(message.url, {
        method: 'POST',
        body: message.body,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'bff-jobs-webhook',
          ...signWebhook(this.key, message.id, timestampSec, message.body),
        },
        signal: controller.signal,
      });
      await res.body.dump();
      return res.statusCode;
    } catch {
      return undefined;
    } finally {
      this.clock.clearTimeout(timer);
      off();
    }
  }

  private pause(ms: number, scope: CancelScope): Promise<void> {
    return new Promise((resolve, reject) => {
      if (scope.aborted) return reject(scope.reason);
      const off = scope.onCancel((reason) => {
        this.clock.clearTimeout(timer);
        reject(reason);
      });
      const timer = this.clock.setTimeout(() => {
        off();
        resolve();
      }, ms);
    });
  }
}
