import type { RateLimitDecision, RateLimitPolicyOutcome } from './rate-limit-store.interface';
import type { ResolvedRateLimitPolicy } from './rate-limit.policy';

/**
 * The header format followed: draft-ietf-httpapi-ratelimit-headers-11 (May 2026); the fields' syntax is the same
 * since -08.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
 */
export const RATE_LIMIT_HEADERS_DRAFT = 'draft-ietf-httpapi-ratelimit-headers-11';

/** Options of {@link rateLimitHeaders}. */
export interface RateLimitHeaderOptions {
  /**
   * Also send `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (delta seconds) of the most
   * constrained policy, for clients written against the pre-standard headers. Default is false.
   */
  legacyHeaders?: boolean;
}

/**
 * `RateLimit-Policy` (draft §3): one Quota Policy Item per policy, `"<name>";q=<limit>;w=<window seconds>`, as a
 * Structured Fields List.
 * @example formatRateLimitPolicy([burst, daily]) // '"burst";q=100;w=60, "daily";q=10000;w=86400'
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers#section-3
 */
export function formatRateLimitPolicy(
  policies: readonly Pick<ResolvedRateLimitPolicy, 'name' | 'limit' | 'windowMs'>[],
): string {
  return policies
    .map((policy) => `${sfString(policy.name)};q=${policy.limit};w=${Math.ceil(policy.windowMs / 1000)}`)
    .join(', ');
}

/**
 * `RateLimit` (draft §4): one Service Limit Item per policy, `"<name>";r=<remaining>;t=<seconds>`. `t` is the
 * effective window in whole seconds, rounded up: for an admitting policy the time until all of its quota is back;
 * for a violated one the time until the request could pass it (so `Retry-After` is never earlier than `t`).
 * @example formatRateLimit(decision.outcomes) // '"burst";r=42;t=18'
 * @see https://datatracker.ietf.org/doc/html/draft-ietf-httpapi-ratelimit-headers#section-4
 */
export function formatRateLimit(
  outcomes: readonly Pick<
    RateLimitPolicyOutcome,
    'policy' | 'allowed' | 'remaining' | 'resetAfterMs' | 'retryAfterMs'
  >[],
): string {
  return outcomes
    .map(
      (outcome) =>
        `${sfString(outcome.policy.name)};r=${outcome.remaining};t=${effectiveWindowSeconds(outcome)}`,
    )
    .join(', ');
}

/**
 * Every header a rate-limited response carries: `RateLimit-Policy`, `RateLimit`, on rejection `Retry-After`, and
 * the legacy `X-RateLimit-*` trio when asked. Empty for a decision without policies.
 * @example reply.headers(rateLimitHeaders(decision));
 */
export function rateLimitHeaders(
  decision: RateLimitDecision,
  options: RateLimitHeaderOptions = {},
): Record<string, string> {
  if (decision.outcomes.length === 0) return {};
  const headers: Record<string, string> = {
    'RateLimit-Policy': formatRateLimitPolicy(decision.outcomes.map((outcome) => outcome.policy)),
    RateLimit: formatRateLimit(decision.outcomes),
  };
  if (!decision.allowed) headers['Retry-After'] = String(retryAfterSeconds(decision));
  if (options.legacyHeaders) {
    const tightest = mostConstrained(decision.outcomes);
    headers['X-RateLimit-Limit'] = String(tightest.policy.limit);
    headers['X-RateLimit-Remaining'] = String(tightest.remaining);
    headers['X-RateLimit-Reset'] = String(effectiveWindowSeconds(tightest));
  }
  return headers;
}

/**
 * `Retry-After` of a rejected decision in whole seconds, rounded up (at least 1). When a policy can never admit
 * the request (its cost exceeds the policy's burst or limit), the longest such policy's window.
 * @example retryAfterSeconds(decision) // 18
 */
export function retryAfterSeconds(decision: Pick<RateLimitDecision, 'retryAfterMs' | 'outcomes'>): number {
  if (Number.isFinite(decision.retryAfterMs)) return Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  let seconds = 1;
  for (const outcome of decision.outcomes) {
    if (outcome.retryAfterMs === Infinity)
      seconds = Math.max(seconds, Math.ceil(outcome.policy.windowMs / 1000));
  }
  return seconds;
}

function effectiveWindowSeconds(
  outcome: Pick<RateLimitPolicyOutcome, 'policy' | 'allowed' | 'resetAfterMs' | 'retryAfterMs'>,
): number {
  if (outcome.allowed) return Math.ceil(outcome.resetAfterMs / 1000);
  if (!Number.isFinite(outcome.retryAfterMs)) return Math.ceil(outcome.policy.windowMs / 1000);
  return Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
}

/** A violated policy first; else the lowest share of quota left; ties to the longer wait. */
function mostConstrained(outcomes: readonly RateLimitPolicyOutcome[]): RateLimitPolicyOutcome {
  let best = outcomes[0];
  for (const outcome of outcomes) {
    const a = outcome.allowed ? outcome.remaining / outcome.policy.burst : -1;
    const b = best.allowed ? best.remaining / best.policy.burst : -1;
    if (a < b || (a === b && effectiveWindowSeconds(outcome) > effectiveWindowSeconds(best))) best = outcome;
  }
  return best;
}

/** A Structured Fields String (RFC 9651 §4.1.6): printable ASCII, `"` and `\` escaped. */
function sfString(value: string): string {
  if (!/^[\x20-\x7E]*$/.test(value))
    throw new TypeError(`not a Structured Fields String: ${JSON.stringify(value)}`);
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}
