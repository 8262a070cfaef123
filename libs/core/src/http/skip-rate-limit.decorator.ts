import { SetMetadata } from '@nestjs/common';

/**
 * Metadata key of a route's rate-limit settings, written by `@SkipRateLimit()` here and `@RateLimit()` in
 * `@bff/rate-limit`: one key, so a method's setting beats its class's.
 */
export const RATE_LIMIT_KEY = 'bff:rateLimit';

/** What `@SkipRateLimit()` writes under {@link RATE_LIMIT_KEY}. */
export const SKIP_RATE_LIMIT: { readonly skip: true } = Object.freeze({ skip: true });

/**
 * Exempts a route (or a controller) from every rate-limit policy, defaults included. Metadata only; it lives
 * in core (like `@Public()`) so framework routes such as health and metrics can use it without depending on
 * the rate-limit lib, which re-exports it.
 * @example @SkipRateLimit() @Get('/health/live') live() {}
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator =>
  SetMetadata(RATE_LIMIT_KEY, SKIP_RATE_LIMIT);
