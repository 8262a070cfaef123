/** Most keys remembered; past it the oldest is forgotten. */
const MAX_KEYS = 10_000;
/** Longest `Idempotency-Key` field value accepted (quotes included). */
const MAX_KEY_FIELD = 300;

/** What a key already did: the order it created, or that it was used for another order body. */
export type KeyLookup = { orderId: string } | 'another-body' | undefined;

/**
 * The orders upstream's own memory of `Idempotency-Key`s, as a real order service keeps one: per orderer (the
 * partner, else the user), which order each key created and from which body. A BFF that retries a create with
 * the same key (its call pipeline does, after a connection failure or a 502-504) gets the first order back
 * instead of a second one. Bounded; no expiry (the demo's data lives until the process stops).
 * @example const keys = new OrderIdempotency(); keys.remember('partner-acme', '"k1"', body, 'o9001');
 */
export class OrderIdempotency {
  private readonly keys = new Map<string, { body: string; orderId: string }>();

  /** The `Idempotency-Key` field as sent (undefined when absent), or an error for a malformed one. */
  static read(field: string | string[] | undefined): string | undefined | { error: string } {
    if (field === undefined) return undefined;
    if (Array.isArray(field) || field.length === 0 || field.length > MAX_KEY_FIELD) {
      return { error: 'Idempotency-Key must appear once, with 1 to 300 characters' };
    }
    return field;
  }

  lookup(orderer: string, key: string, body: unknown): KeyLookup {
    const seen = this.keys.get(`${orderer}\n${key}`);
    if (!seen) return undefined;
    return seen.body === JSON.stringify(body) ? { orderId: seen.orderId } : 'another-body';
  }

  remember(orderer: string, key: string, body: unknown, orderId: string): void {
    this.keys.set(`${orderer}\n${key}`, { body: JSON.stringify(body), orderId });
    if (this.keys.size > MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
  }
}
