import { ValidationError } from '@bff/core';

/** Name of the request header (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Longest key accepted, in characters (as Stripe's). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Visible ASCII except `"` and `\`: what a key may hold, so an sf-string key never needs escapes. */
const KEY = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The idempotency key of a request, from its raw headers (`request.raw.rawHeaders`), or undefined when it sent
 * none. The draft makes the field an sf-string (`Idempotency-Key: "8e03978e-40d5-43e8-bc93-6894a57f9324"`);
 * the bare form Stripe's clients send (`Idempotency-Key: 8e03978e-...`) is accepted as well. Either way the key
 * is 1 to 255 visible ASCII characters without `"` or `\` (a UUID is the usual choice).
 * @example readIdempotencyKey(['Idempotency-Key', '"k-1"']) // 'k-1'
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) for a repeated field or a malformed key
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function readIdempotencyKey(rawHeaders: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() !== 'idempotency-key') continue;
    if (value !== undefined) {
      throw new ValidationError('The Idempotency-Key header must appear once.');
    }
    value = rawHeaders[i + 1];
  }
  return value === undefined ? undefined : parseIdempotencyKey(value);
}

/**
 * One `Idempotency-Key` field value: the key inside an sf-string, or a bare key.
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) when malformed
 */
export function parseIdempotencyKey(value: string): string {
  const trimmed = value.trim();
  const quoted = trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"');
  const key = quoted ? trimmed.slice(1, -1) : trimmed;
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH || !KEY.test(key)) {
    throw new ValidationError(
      `The Idempotency-Key header must be a string of 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII ` +
        'characters without quotes or backslashes, such as "8e03978e-40d5-43e8-bc93-6894a57f9324".',
    );
  }
  return key;
}

/** The key as an sf-string, for forwarding it upstream. @example formatIdempotencyKey('k-1') // '"k-1"' */
export function formatIdempotencyKey(key: string): string {
  return `"${parseIdempotencyKey(key)}"`;
}
