import type { ResolvedRateLimitPolicy } from './rate-limit.policy';

/** One policy a request must pass: whose quota (`key`, from {@link keyFor}), which policy, and how much it costs. */
export interface RateLimitRequest {
  /** The caller's key, e.g. `user:u1` or `ip:203.0.113.7`: at most 512 characters. */
  readonly key: string;
  /** A policy from `defineRateLimitPolicy` / `resolvePolicies`. */
  readonly policy: ResolvedRateLimitPolicy;
  /** Units the request spends: 1 for a plain request, a GraphQL operation's estimated cost. A positive integer. */
  readonly cost: number;
}

/** One policy whose state {@link RateLimitStore.peek} reads: a {@link RateLimitRequest} that spends nothing. */
export type RateLimitPeekRequest = Omit<RateLimitRequest, 'cost'>;

/** One policy's outcome within a {@link RateLimitDecision}, in the order of the requests. */
export interface RateLimitPolicyOutcome {
  readonly key: string;
  readonly policy: ResolvedRateLimitPolicy;
  /** False when this policy is one the request violated. */
  readonly allowed: boolean;
  /** Whole units left after the decision (nothing is spent when the request was rejected). */
  readonly remaining: number;
  /** Milliseconds until every unit of the policy is available again. */
  readonly resetAfterMs: number;
  /** Milliseconds until a request of this cost could pass this policy; 0 when allowed; `Infinity` for never. */
  readonly retryAfterMs: number;
}

/** The answer for all policies of one request. */
export interface RateLimitDecision {
  /** True when every policy admitted the request (and each spent its cost). */
  readonly allowed: boolean;
  /** 0 when allowed; else milliseconds until every policy could admit it; `Infinity` when one never can. */
  readonly retryAfterMs: number;
  readonly outcomes: readonly RateLimitPolicyOutcome[];
  /** True when a fallback (process-local) limiter decided because the shared store was unavailable. */
  readonly degraded: boolean;
}

/**
 * Where counters live. `decide` decides ALL policies of one request atomically: the request passes only if every
 * policy allows it, and a rejected request consumes nothing from any policy. Inject it with the same-named token.
 *
 * Implementations: {@link MemoryRateLimitStore} (embedded default, one process), {@link RedisRateLimitStore}
 * (shared by every replica, one round trip) and {@link ResilientRateLimitStore} (Redis with a local fallback).
 * @example
 * constructor(@Inject(RateLimitStore) private readonly store: RateLimitStore) {}
 * const decision = await this.store.decide([{ key: keyFor(principal, ip), policy, cost: 1 }]);
 * @throws TypeError for malformed requests (a programming error, never a store failure).
 */
export interface RateLimitStore {
  decide(requests: readonly RateLimitRequest[]): Promise<RateLimitDecision>;
  /**
   * `decide`, answered synchronously, for a store that decides in process memory (optional): the limiter then
   * admits a request without a promise. Throws what `decide` rejects with.
   */
  decideNow?(requests: readonly RateLimitRequest[]): RateLimitDecision;
  /**
   * The current state of each policy, spending nothing and writing nothing (a quota display): the decision a
   * request of cost 0 would get, `allowed` always true. The same validation as `decide`.
   */
  peek(requests: readonly RateLimitPeekRequest[]): Promise<RateLimitDecision>;
}

/** Injection token of {@link RateLimitStore} (an interface has no runtime value). */
export const RateLimitStore = Symbol('RateLimitStore');

/** Longest caller key accepted. */
export const MAX_RATE_LIMIT_KEY_LENGTH = 512;
/** Largest cost one request may pay. */
export const MAX_RATE_LIMIT_COST = 1e9;
/** Most policies one request may have to pass. */
export const MAX_POLICIES_PER_DECISION = 16;

/**
 * Checks the requests of one decision: each key a non-empty string of at most 512 characters, each cost a
 * positive integer within 1e9, each (key, policy name) pair once, at most 16 entries.
 * @throws TypeError naming the first problem.
 */
export function assertRateLimitRequests(requests: readonly RateLimitRequest[]): void {
  if (!Array.isArray(requests)) throw new TypeError('rate limit: requests must be an array');
  if (requests.length > MAX_POLICIES_PER_DECISION) {
    throw new TypeError(`rate limit: at most ${MAX_POLICIES_PER_DECISION} policies per decision`);
  }
  for (let i = 0; i < requests.length; i++) {
    const { key, policy, cost } = requests[i];
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_RATE_LIMIT_KEY_LENGTH) {
      throw new TypeError(`rate limit: requests[${i}].key must be 1-${MAX_RATE_LIMIT_KEY_LENGTH} characters`);
    }
    if (typeof policy?.name !== 'string' || typeof policy.burst !== 'number') {
      throw new TypeError(`rate limit: requests[${i}].policy must come from defineRateLimitPolicy()`);
    }
    if (!Number.isInteger(cost) || cost < 1 || cost > MAX_RATE_LIMIT_COST) {
      throw new TypeError(`rate limit: requests[${i}].cost must be a positive integer`);
    }
    for (let j = 0; j < i; j++) {
      if (requests[j].key === key && requests[j].policy.name === policy.name) {
        throw new TypeError(`rate limit: policy "${policy.name}" appears twice for key "${key}"`);
      }
    }
  }
}

/** The requests of a peek as zero-cost requests (validated like a decision's, with cost 1 for the check). */
export function peekRequests(requests: readonly RateLimitPeekRequest[]): RateLimitRequest[] {
  if (!Array.isArray(requests)) throw new TypeError('rate limit: requests must be an array');
  assertRateLimitRequests(requests.map((request) => ({ key: request.key, policy: request.policy, cost: 1 })));
  return requests.map((request) => ({ key: request.key, policy: request.policy, cost: 0 }));
}

/** Builds the decision from per-policy results (shared by every store). */
export function toDecision(
  requests: readonly RateLimitRequest[],
  allowed: boolean,
  results: readonly { allowed: boolean; remaining: number; resetAfterMs: number; retryAfterMs: number }[],
  degraded = false,
): RateLimitDecision {
  let retryAfterMs = 0;
  const outcomes = requests.map(function toOutcome(request, i): RateLimitPolicyOutcome {
    const result = results[i];
    if (!allowed && result.retryAfterMs > retryAfterMs) retryAfterMs = result.retryAfterMs;
    return {
      key: request.key,
      policy: request.policy,
      allowed: result.allowed,
      remaining: result.remaining,
      resetAfterMs: result.resetAfterMs,
      retryAfterMs: result.retryAfterMs,
    };
  });
  return { allowed, retryAfterMs, outcomes, degraded };
}
