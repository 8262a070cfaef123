import type { RateLimitDecision, RateLimitRequest, RateLimitStore } from './rate-limit-store.interface';
import { RateLimitedError, RateLimitUnavailableError } from './rate-limit.errors';
import {
  formatRateLimit,
  formatRateLimitPolicy,
  rateLimitHeaders,
  type RateLimitHeaderOptions,
} from './rate-limit.headers';
import type { ResolvedRateLimitPolicy } from './rate-limit.policy';

/** How a decision ended, per policy, for metrics. */
export type RateLimitDecisionOutcome = 'allowed' | 'limited' | 'fail_open' | 'fail_closed';

/** Where the limiter reports what it decides (metrics); every method is optional. */
export interface RateLimitObserver {
  /** One call per policy of every decision. */
  decision?(policy: string, outcome: RateLimitDecisionOutcome): void;
  /** How long the store took; `local` when the process-local limiter decided. */
  storeDuration?(store: 'shared' | 'local', durationMs: number): void;
}

/** Something a limited answer's headers can be written to (a Fastify reply; Apollo's header map, wrapped). */
export interface HeaderSink {
  header(name: string, value: string): unknown;
}

/** Options of {@link RateLimiter}. */
export interface RateLimiterOptions extends RateLimitHeaderOptions {
  observer?: RateLimitObserver;
  /** True when `store` is the process-local one (the latency histogram's label). Default is false. */
  localStore?: boolean;
}

/**
 * Charges a caller's policies in the store and turns the decision into headers or a refusal: the one place
 * the admission step (REST) and the GraphQL plugin (after the cost estimate) share.
 * @example
 * await limiter.enforce('user:u1', policies, 1, reply);
 * @throws RateLimitedError (BFF_ERR_RATE_LIMITED, 429) when a policy is exhausted; RateLimitUnavailableError
 *   (BFF_ERR_RATE_LIMIT_UNAVAILABLE, 503) when Redis is down and a policy fails closed.
 */
export class RateLimiter {
  private readonly observer: RateLimitObserver;
  private readonly headerOptions: RateLimitHeaderOptions;
  private readonly storeLabel: 'shared' | 'local';
  /** `RateLimit-Policy` per resolved policy list (the resolver hands out one frozen list per route and tier). */
  private readonly policyHeaders = new WeakMap<readonly ResolvedRateLimitPolicy[], string>();

  constructor(
    private readonly store: RateLimitStore,
    options: RateLimiterOptions = {},
  ) {
    this.observer = options.observer ?? {};
    this.headerOptions = { legacyHeaders: options.legacyHeaders === true };
    this.storeLabel = options.localStore ? 'local' : 'shared';
  }

  /**
   * Spends `cost` units of every policy for `key` (all or nothing) and writes the `RateLimit-Policy` and
   * `RateLimit` headers of the decision to `setHeader` when admitted.
   */
  async enforce(
    key: string,
    policies: readonly ResolvedRateLimitPolicy[],
    cost: number,
    setHeader: HeaderSink | undefined,
  ): Promise<void> {
    return this.enforceNow(key, policies, cost, setHeader);
  }

  /**
   * {@link enforce}, answered synchronously when the store decides synchronously (the in-memory store's
   * `decideNow`): no promise then, and a refusal is thrown at once. The admission step's and the GraphQL
   * plugin's path: each promise costs twice under Node 20's AsyncLocalStorage hooks, and `enforce` → `decide`
   * → `store.decide` made five per request.
   * @throws as {@link enforce} rejects, synchronously or as a rejection
   */
  enforceNow(
    key: string,
    policies: readonly ResolvedRateLimitPolicy[],
    cost: number,
    setHeader: HeaderSink | undefined,
  ): Promise<void> | void {
    const decided = this.decideNow(key, policies, cost);
    if (decided instanceof Promise) return decided.then((d) => this.apply(d, policies, setHeader));
    this.apply(decided, policies, setHeader);
  }

  /** The store's decision for `key`, reported to the observer. */
  async decide(
    key: string,
    policies: readonly ResolvedRateLimitPolicy[],
    cost: number,
  ): Promise<RateLimitDecision> {
    return this.decideNow(key, policies, cost);
  }

  /** {@link decide}, synchronous when the store decides synchronously. */
  private decideNow(
    key: string,
    policies: readonly ResolvedRateLimitPolicy[],
    cost: number,
  ): RateLimitDecision | Promise<RateLimitDecision> {
    const requests: RateLimitRequest[] = new Array(policies.length);
    for (let i = 0; i < policies.length; i++) requests[i] = { key, policy: policies[i], cost };
    const started = performance.now();
    const store = this.store;
    if (store.decideNow !== undefined) return this.observe(policies, store.decideNow(requests), started);
    return store.decide(requests).then(
      (decision) => this.observe(policies, decision, started),
      (err: unknown) => {
        if (err instanceof RateLimitUnavailableError) this.report(policies, 'fail_closed');
        throw err;
      },
    );
  }

  /** Refuses an exhausted decision, or writes its headers. */
  private apply(
    decision: RateLimitDecision,
    policies: readonly ResolvedRateLimitPolicy[],
    setHeader: HeaderSink | undefined,
  ): void {
    if (!decision.allowed) throw new RateLimitedError(decision, this.headerOptions);
    if (setHeader === undefined || decision.outcomes.length === 0) return;
    if (this.headerOptions.legacyHeaders) {
      const headers = rateLimitHeaders(decision, this.headerOptions);
      for (const name in headers) setHeader.header(name, headers[name]);
      return;
    }
    let policy = this.policyHeaders.get(policies);
    if (policy === undefined) this.policyHeaders.set(policies, (policy = formatRateLimitPolicy(policies)));
    setHeader.header('RateLimit-Policy', policy);
    setHeader.header('RateLimit', formatRateLimit(decision.outcomes));
  }

  /** Reports the decision to the observer, and answers it. */
  private observe(
    policies: readonly ResolvedRateLimitPolicy[],
    decision: RateLimitDecision,
    started: number,
  ): RateLimitDecision {
    const { observer } = this;
    observer.storeDuration?.(decision.degraded ? 'local' : this.storeLabel, performance.now() - started);
    if (observer.decision !== undefined) {
      for (const outcome of decision.outcomes) {
        observer.decision(
          outcome.policy.name,
          !outcome.allowed ? 'limited' : decision.degraded ? 'fail_open' : 'allowed',
        );
      }
    }
    return decision;
  }

  private report(policies: readonly ResolvedRateLimitPolicy[], outcome: RateLimitDecisionOutcome): void {
    if (this.observer.decision === undefined) return;
    for (const policy of policies) this.observer.decision(policy.name, outcome);
  }
}
