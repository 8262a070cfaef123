import { RequestContextStore, SETTLED, toGraphQLError } from '@bff/core';
import { MAX_RATE_LIMIT_COST } from './rate-limit-store.interface';
import { pendingRateLimitCharge, type PendingRateLimitCharge } from './rate-limit.step';
import type { HeaderSink } from './rate-limiter';

/** The part of Apollo Server's request context the plugin reads (structural: no Apollo import here). */
interface GraphQLRequestContextLike {
  contextValue: unknown;
  response: { http: { headers: { set(name: string, value: string): unknown } } };
}

/** The Apollo Server plugin of {@link rateLimitGraphQLPlugin}, typed structurally. */
export interface RateLimitGraphQLPlugin {
  requestDidStart(): Promise<{
    didResolveOperation(rc: GraphQLRequestContextLike): Promise<void>;
    willSendResponse(rc: GraphQLRequestContextLike): Promise<void>;
  }>;
}

/**
 * Charges each GraphQL operation its estimated cost against the caller's limits, once the cost is known:
 * list it AFTER the GraphQL limits plugin (`graphQLHardening`'s, which records the cost on the request context
 * in `didResolveOperation`). The `RateLimit` headers then count cost units; over the limit the whole request is
 * a real HTTP 429 with `Retry-After` (`toGraphQLError(err, { http: true })`), never a 200 with errors. A batch
 * charges each operation its own cost. A request that never resolves an operation (a syntax or validation
 * error) pays 1 unit when answered. The context must carry the HTTP request as `req` (as `GraphQLAdmission`'s
 * does).
 * @example plugins: [...hardening.apolloOptions.plugins, rateLimitGraphQLPlugin()]
 */
export function rateLimitGraphQLPlugin(): RateLimitGraphQLPlugin {
  // Hooks that return a settled promise rather than `async` ones: with the in-memory store the charge is
  // synchronous, and an `async` hook awaiting it made two promises per hook and request.
  const listener = {
    didResolveOperation(rc: GraphQLRequestContextLike): Promise<void> {
      const pending = pendingOf(rc);
      if (pending === undefined) return SETTLED;
      const total = RequestContextStore.current()?.operation?.cost;
      const owed = typeof total === 'number' && Number.isFinite(total) ? total - pending.charged : 1;
      const cost = Math.min(MAX_RATE_LIMIT_COST, Math.max(1, Math.ceil(owed)));
      const refused = (err: unknown) => Promise.reject(toGraphQLError(err, { http: true }));
      let charged: Promise<void> | void;
      try {
        charged = pending.charge(cost, headersOf(rc));
      } catch (err) {
        return refused(err);
      }
      return charged ? charged.catch(refused) : SETTLED;
    },
    willSendResponse(rc: GraphQLRequestContextLike): Promise<void> {
      const pending = pendingOf(rc);
      if (pending === undefined || pending.charged > 0) return SETTLED;
      try {
        const charged = pending.charge(1, headersOf(rc));
        return charged ? charged.catch(() => undefined) : SETTLED;
      } catch {
        return SETTLED; // the answer is on its way: a refusal now changes nothing
      }
    },
  };
  const started = Promise.resolve(listener);
  return {
    requestDidStart: () => started,
  };
}

function pendingOf(rc: GraphQLRequestContextLike): PendingRateLimitCharge | undefined {
  return pendingRateLimitCharge((rc.contextValue as { req?: unknown } | undefined)?.req);
}

function headersOf(rc: GraphQLRequestContextLike): HeaderSink {
  const headers = rc.response.http.headers;
  return { header: (name, value) => headers.set(name.toLowerCase(), value) };
}
