/** Metadata key of `@Idempotent()` (its resolved options). */
export const IDEMPOTENT_KEY = 'bff:idempotent';
/** Response header marking a replayed answer (the one Stripe's clients know). */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** Response headers replayed by default besides the body. */
export const DEFAULT_REPLAY_HEADERS: readonly string[] = [
  'location',
  'content-location',
  'etag',
  'last-modified',
];
