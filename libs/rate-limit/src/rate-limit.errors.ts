import { BffError } from '@bff/core';
import { rateLimitHeaders, retryAfterSeconds, type RateLimitHeaderOptions } from './rate-limit.headers';
import type { RateLimitDecision } from './rate-limit-store.interface';

/**
 * The caller is over a rate limit: 429 with `Retry-After` (seconds, rounded up), `RateLimit-Policy` and
 * `RateLimit`. When the request's cost exceeds what a policy can ever allow, the detail says it can never pass.
 * @example
 * const decision = await store.decide(requests);
 * if (!decision.allowed) throw new RateLimitedError(decision);
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
 */
export class RateLimitedError extends BffError {
  static override readonly code = 'BFF_ERR_RATE_LIMITED';
  static override readonly status = 429;
  static override readonly title = 'Too many requests';

  /** Names of the policies the request violated. */
  readonly violatedPolicies: readonly string[];
  /** The `Retry-After` value, in seconds. */
  readonly retryAfterSeconds: number;
  /** True when the request's cost exceeds a policy's burst or limit: it can never pass. */
  readonly neverAllowed: boolean;

  constructor(decision: RateLimitDecision, options: RateLimitHeaderOptions & { cause?: unknown } = {}) {
    const violated = decision.outcomes.filter((outcome) => !outcome.allowed);
    const never = violated.filter((outcome) => outcome.retryAfterMs === Infinity);
    const seconds = retryAfterSeconds(decision);
    const names = violated.map((outcome) => `"${outcome.policy.name}"`).join(', ');
    super(
      never.length > 0
        ? `This request costs more than rate limit ${never
            .map((outcome) => `"${outcome.policy.name}" (at most ${outcome.policy.burst} at once)`)
            .join(', ')} can ever allow; it will never pass`
        : `Rate limit ${names} exceeded; retry in ${seconds} s`,
      {
        cause: options.cause,
        headers: { ...rateLimitHeaders(decision, options), 'Retry-After': String(seconds) },
      },
    );
    this.violatedPolicies = Object.freeze(violated.map((outcome) => outcome.policy.name));
    this.retryAfterSeconds = seconds;
    this.neverAllowed = never.length > 0;
  }
}

/**
 * The shared rate-limit store cannot be reached and a policy of the request is `fail-closed`: 503 with
 * `Retry-After` (seconds until the store is tried again, at least 1).
 * @example throw new RateLimitUnavailableError({ retryAfterMs: 5000, cause: err });
 */
export class RateLimitUnavailableError extends BffError {
  static override readonly code = 'BFF_ERR_RATE_LIMIT_UNAVAILABLE';
  static override readonly status = 503;
  static override readonly title = 'Rate limiting unavailable';

  /** The `Retry-After` value, in seconds. */
  readonly retryAfterSeconds: number;

  constructor(options: { retryAfterMs?: number; cause?: unknown } = {}) {
    const seconds = Math.max(1, Math.ceil((options.retryAfterMs ?? 1000) / 1000));
    super('The rate-limit store is unavailable; retry shortly', {
      cause: options.cause,
      headers: { 'Retry-After': String(seconds) },
    });
    this.retryAfterSeconds = seconds;
  }
}

/** Every code this lib throws, for catalogs and docs. */
export type RateLimitErrorCode = typeof RateLimitedError.code | typeof RateLimitUnavailableError.code;
