import { ConfigError } from '@bff/core';

/** How a policy counts: GCRA (a token bucket with burst, the default) or a sliding-window counter. */
export type RateLimitAlgorithm = 'gcra' | 'sliding-window';

/** What a policy does while the shared store (Redis) cannot be reached. */
export type RateLimitStoreFailureMode = 'fail-open' | 'fail-closed';

/**
 * One quota: at most `limit` units per `windowMs` for one caller.
 *
 * @example
 * { name: 'burst', algorithm: 'gcra', limit: 100, windowMs: 60_000, burst: 20 }
 * { name: 'daily', algorithm: 'sliding-window', limit: 10_000, windowMs: 86_400_000, onStoreFailure: 'fail-closed' }
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/ (`q` = limit, `w` = window)
 */
export interface RateLimitPolicy {
  /**
   * Name shown in `RateLimit-Policy` / `RateLimit` and part of the store key: 1-64 characters of
   * `A-Z a-z 0-9 _ . -`, starting with a letter or digit.
   */
  name: string;
  /** `gcra` spreads `limit` evenly over the window and allows `burst` at once; `sliding-window` counts. */
  algorithm: RateLimitAlgorithm;
  /** Units (requests, or a GraphQL operation's cost) allowed per window. A positive integer. */
  limit: number;
  /**
   * Window length in milliseconds: a positive whole number of seconds (e.g. 60000), because the header's `w`
   * has no sub-second precision.
   */
  windowMs: number;
  /** GCRA only: units a fresh caller may spend at once. A positive integer. Default is `limit`. */
  burst?: number;
  /**
   * While the shared store is unavailable: `fail-open` decides on the process-local limiter (each replica then
   * allows up to the full limit), `fail-closed` answers 503 `BFF_ERR_RATE_LIMIT_UNAVAILABLE`.
   * Default is `fail-open`.
   */
  onStoreFailure?: RateLimitStoreFailureMode;
}

/** A policy that passed {@link defineRateLimitPolicy}: every default filled in, frozen. */
export interface ResolvedRateLimitPolicy {
  readonly name: string;
  readonly algorithm: RateLimitAlgorithm;
  readonly limit: number;
  readonly windowMs: number;
  /** Units spendable at once: `burst` for GCRA (default `limit`), always `limit` for the sliding window. */
  readonly burst: number;
  readonly onStoreFailure: RateLimitStoreFailureMode;
}

/** Policy names: safe inside a Structured Field String and a Redis key without escaping. */
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ALGORITHMS: ReadonlySet<string> = new Set(['gcra', 'sliding-window']);
const FAILURE_MODES: ReadonlySet<string> = new Set(['fail-open', 'fail-closed']);
/** Largest limit / burst accepted: far beyond any real quota, and exact in a double inside Redis' Lua. */
const MAX_UNITS = 1_000_000_000;
/** Longest window accepted: 366 days. */
const MAX_WINDOW_MS = 366 * 86_400_000;

/**
 * Checks one policy and fills in its defaults. Every problem is reported at once, prefixed with `path`.
 * @example defineRateLimitPolicy({ name: 'burst', algorithm: 'gcra', limit: 100, windowMs: 60_000 })
 * @throws ConfigError (BFF_ERR_CONFIG), e.g. `rateLimit.policy.windowMs: must be a positive whole number of
 *   seconds in milliseconds (e.g. 60000)`.
 */
export function defineRateLimitPolicy(
  policy: RateLimitPolicy,
  path = 'rateLimit.policy',
): ResolvedRateLimitPolicy {
  const problems = policyProblems(policy, path);
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    name: policy.name,
    algorithm: policy.algorithm,
    limit: policy.limit,
    windowMs: policy.windowMs,
    burst: policy.algorithm === 'gcra' ? (policy.burst ?? policy.limit) : policy.limit,
    onStoreFailure: policy.onStoreFailure ?? 'fail-open',
  });
}

/**
 * Checks a list of policies (names must be unique within it) and fills in their defaults.
 * @example defineRateLimitPolicies([burst, daily], 'rateLimit.defaults')
 * @throws ConfigError (BFF_ERR_CONFIG) listing every problem of every policy.
 */
export function defineRateLimitPolicies(
  policies: readonly RateLimitPolicy[],
  path = 'rateLimit.policies',
): readonly ResolvedRateLimitPolicy[] {
  if (!Array.isArray(policies)) throw new ConfigError([`${path}: must be an array of policies`]);
  const problems: string[] = [];
  const seen = new Set<string>();
  policies.forEach(function checkPolicy(policy, i) {
    problems.push(...policyProblems(policy, `${path}[${i}]`));
    const name = (policy as Partial<RateLimitPolicy> | undefined)?.name;
    if (typeof name === 'string') {
      if (seen.has(name))
        problems.push(`${path}[${i}].name: "${name}" is used by another policy in the list`);
      seen.add(name);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(policies.map((policy, i) => defineRateLimitPolicy(policy, `${path}[${i}]`)));
}

function policyProblems(policy: RateLimitPolicy, path: string): string[] {
  if (typeof policy !== 'object' || policy === null) return [`${path}: must be an object`];
  const problems: string[] = [];
  const bad = (field: string, message: string): void => void problems.push(`${path}.${field}: ${message}`);
  if (typeof policy.name !== 'string' || !POLICY_NAME.test(policy.name)) {
    bad('name', 'must be 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit');
  }
  if (!ALGORITHMS.has(policy.algorithm)) bad('algorithm', 'must be "gcra" or "sliding-window"');
  if (!isPositiveInteger(policy.limit, MAX_UNITS)) bad('limit', `must be an integer from 1 to ${MAX_UNITS}`);
  if (!isPositiveInteger(policy.windowMs, MAX_WINDOW_MS) || policy.windowMs % 1000 !== 0) {
    bad(
      'windowMs',
      'must be a positive whole number of seconds in milliseconds (e.g. 60000), at most 366 days',
    );
  }
  if (policy.burst !== undefined) {
    if (policy.algorithm !== 'gcra') bad('burst', 'applies to the "gcra" algorithm only');
    else if (!isPositiveInteger(policy.burst, MAX_UNITS))
      bad('burst', `must be an integer from 1 to ${MAX_UNITS}`);
  }
  if (policy.onStoreFailure !== undefined && !FAILURE_MODES.has(policy.onStoreFailure)) {
    bad('onStoreFailure', 'must be "fail-open" or "fail-closed"');
  }
  return problems;
}

function isPositiveInteger(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}
