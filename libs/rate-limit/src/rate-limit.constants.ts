/** Metadata key written by `@RateLimit()` and `@SkipRateLimit()`: one key, so a method's setting beats its class's. */
export { RATE_LIMIT_KEY } from '@bff/core';
