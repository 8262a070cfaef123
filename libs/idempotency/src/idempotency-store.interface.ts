/** The answer of a completed write, as it is replayed: status, the headers worth replaying, the JSON body. */
export interface StoredResponse {
  status: number;
  /** Lower-case header names (`location`, `etag`, ...) and their values. */
  headers: Record<string, string>;
  /** The JSON body the handler answered with. */
  body: unknown;
}

/** Where one idempotency key lives: the caller it belongs to and the key the caller sent. */
export interface IdempotencyRecordId {
  /** The caller's scope (one partner, one user): keys of different scopes never meet. */
  scope: string;
  /** The key as the client sent it (without the sf-string quotes). */
  key: string;
}

/** What {@link IdempotencyStore.complete} records: the answer of the write that `token` claimed. */
export interface Completion {
  token: string;
  fingerprint: string;
  response: StoredResponse;
  /** How long (in milliseconds) the answer is replayed. */
  ttlMs: number;
}

/**
 * What {@link IdempotencyStore.claim} found:
 * - `claimed`: the key was free (or its holder's lease ran out); the caller runs the write and then completes or
 *   releases the claim with `token`;
 * - `in-progress`: another request holds the key and has not finished (409, or 422 for another fingerprint);
 * - `completed`: the write ran; its answer is replayed when the fingerprint matches (422 otherwise).
 */
export type ClaimOutcome =
  | { state: 'claimed'; token: string }
  | { state: 'in-progress'; fingerprint: string }
  | { state: 'completed'; fingerprint: string; response: StoredResponse };

/**
 * The shared record of idempotency keys. A claim is atomic (one round trip in Redis): of any number of
 * concurrent claims of one free key, exactly one gets `claimed`. An in-progress claim carries a lease, so a
 * replica that crashed mid-write blocks its key for at most `leaseMs`; `complete` and `release` only act while
 * the caller's token still holds the key, so a holder whose lease ran out cannot overwrite its successor.
 *
 * @example
 * const claim = await store.claim({ scope: 'client:partner-acme', key }, fingerprint, 60_000);
 * if (claim.state === 'claimed') await store.complete(id, { token: claim.token, fingerprint, response, ttlMs });
 */
export interface IdempotencyStore {
  /** Claims `id` for a write with this fingerprint, or reports who holds it. */
  claim(id: IdempotencyRecordId, fingerprint: string, leaseMs: number): Promise<ClaimOutcome>;
  /** Stores the answer for `ttlMs`; false when `token` no longer holds the key (its lease ran out). */
  complete(id: IdempotencyRecordId, completion: Completion): Promise<boolean>;
  /** Frees the key (the write failed and may be retried with it); a no-op when `token` no longer holds it. */
  release(id: IdempotencyRecordId, token: string): Promise<void>;
}

/** Injection token of the app's {@link IdempotencyStore}. */
export const IdempotencyStore = Symbol('IdempotencyStore');
