import { ADMISSION_ORDER, type AdmissionContext, type AdmissionRequest, type AdmissionStep } from '@bff/core';
import { clientIpOf } from './client-ip';
import { RATE_LIMIT_KEY } from './rate-limit.constants';
import type { RateLimitMetadata } from './rate-limit.decorators';
import { keyFor } from './rate-limit.key';
import type { ResolvedRateLimitPolicy } from './rate-limit.policy';
import type { createPolicyResolver } from './rate-limit.resolve';
import type { HeaderSink, RateLimiter } from './rate-limiter';

/** Where a GraphQL request keeps the charge its operation pays once its cost is known. */
const PENDING_CHARGE = Symbol('bff.rateLimit.pending');

/** A GraphQL request's limits, resolved at admission and charged after the cost estimate. */
export interface PendingRateLimitCharge {
  readonly key: string;
  readonly policies: readonly ResolvedRateLimitPolicy[];
  /** Units charged so far for this HTTP request (a batch charges each operation). */
  charged: number;
  /** Charges `cost` units; writes the headers when admitted. */
  /** Synchronous when the store decides synchronously (see `RateLimiter.enforceNow`). */
  charge(cost: number, setHeader: HeaderSink | undefined): Promise<void> | void;
}

/**
 * The principal's limits as an admission step (order {@link ADMISSION_ORDER}.rateLimit, after authentication):
 * the key from the verified principal (`keyFor`; the client address when anonymous), the policies from the
 * route's `@RateLimit` / `@SkipRateLimit`, the defaults and the principal's tier (resolved once per route and
 * tier). REST requests pay 1 unit here, in one store round trip, and get the `RateLimit` headers on the reply.
 * GraphQL requests are charged later, their operation's estimated cost, by {@link rateLimitGraphQLPlugin}.
 * @throws RateLimitedError (BFF_ERR_RATE_LIMITED, 429); RateLimitUnavailableError (BFF_ERR_RATE_LIMIT_UNAVAILABLE, 503).
 */
export class RateLimitStep implements AdmissionStep {
  readonly name = 'rate-limit';
  readonly order = ADMISSION_ORDER.rateLimit;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly policiesFor: ReturnType<typeof createPolicyResolver>,
  ) {}

  admit(ctx: AdmissionContext): Promise<void> | void {
    const policies = this.policiesFor(ctx.route.get<RateLimitMetadata>(RATE_LIMIT_KEY), ctx.principal);
    if (policies.length === 0) return;
    const key = keyFor(ctx.principal, ctx.principal ? '' : clientIpOf(ctx.request));
    if (ctx.transport === 'graphql') {
      const limiter = this.limiter;
      const pending: PendingRateLimitCharge = {
        key,
        policies,
        charged: 0,
        charge(cost, setHeader) {
          pending.charged += cost;
          return limiter.enforceNow(key, policies, cost, setHeader);
        },
      };
      (ctx.request as PendingHolder)[PENDING_CHARGE] = pending;
      return;
    }
    return this.limiter.enforceNow(key, policies, 1, ctx.response);
  }
}

type PendingHolder = AdmissionRequest & { [PENDING_CHARGE]?: PendingRateLimitCharge };

/** The charge a GraphQL request still owes, or undefined (no limits, or not admitted by the rate-limit step). */
export function pendingRateLimitCharge(request: unknown): PendingRateLimitCharge | undefined {
  return (request as PendingHolder | undefined)?.[PENDING_CHARGE];
}
