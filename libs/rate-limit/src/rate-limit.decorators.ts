import { SetMetadata } from '@nestjs/common';
import { RATE_LIMIT_KEY } from './rate-limit.constants';
import {
  defineRateLimitPolicies,
  type RateLimitPolicy,
  type ResolvedRateLimitPolicy,
} from './rate-limit.policy';

/**
 * What a route says about rate limiting, as read with
 * `reflector.getAllAndOverride<RateLimitMetadata>(RATE_LIMIT_KEY, [context.getHandler(), context.getClass()])`.
 */
export type RateLimitMetadata =
  { readonly skip: true } | { readonly skip: false; readonly policies: readonly ResolvedRateLimitPolicy[] };

/**
 * Route policies (metadata only; the admission step enforces them). They replace the default and tier policies
 * of the same name and add the others. A method's `@RateLimit` replaces its class's. REST handlers and GraphQL
 * resolvers alike.
 * @example
 * @RateLimit({ name: 'burst', algorithm: 'gcra', limit: 10, windowMs: 60_000 }) @Post('/v1/exports') export() {}
 * @throws ConfigError (BFF_ERR_CONFIG) at decoration time for an invalid policy or duplicate names;
 *   RateLimitedError (BFF_ERR_RATE_LIMITED, 429) at request time, from the admission step.
 */
export function RateLimit(...policies: RateLimitPolicy[]): MethodDecorator & ClassDecorator {
  const resolved = defineRateLimitPolicies(policies, '@RateLimit()');
  const metadata: RateLimitMetadata = Object.freeze({ skip: false, policies: resolved });
  return SetMetadata(RATE_LIMIT_KEY, metadata);
}

/**
 * Exempts a route (or a controller) from every rate-limit policy, defaults included. Metadata only (defined in
 * `@bff/core`, so framework routes such as health and metrics can carry it).
 * @example @SkipRateLimit() @Get('/health/live') live() {}
 */
export { SkipRateLimit } from '@bff/core';
