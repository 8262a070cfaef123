import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Visible prefix of every partner API key, so secret scanners (GitHub, GitLab, trufflehog rules) can find a
 * leaked one: `bffk_live_` followed by 32 base64url characters (24 random bytes, 192 bits).
 */
export const API_KEY_PREFIX = 'bffk_live_';

/** Random bytes in a key. 24 bytes = 192 bits, well above the 128 bits a guess-proof key needs. */
const KEY_BYTES = 24;

/** The shape of a key: the prefix and 32 to 86 base64url characters (longer keys of a later format fit too). */
const WELL_FORMED = /^bffk_live_[A-Za-z0-9_-]{32,86}$/;

/** A freshly generated key: the secret (shown once), and what may be stored about it. */
export interface GeneratedApiKey {
  /** The secret itself. Shown to the operator once, never stored, never logged. */
  readonly key: string;
  /** SHA-256 of the key, hex: what the store keeps. */
  readonly hash: string;
  /** Public identifier for listing and revoking, e.g. `key_3f9a0c21d4e7`. Not a secret. */
  readonly id: string;
  /** The first characters of the key (`bffk_live_AbCd`), enough for an operator to recognise it. */
  readonly hint: string;
}

/**
 * Generates a new key.
 * @example const { key, hash, id } = generateApiKey(); // key: 'bffk_live_9hQ...'
 */
export function generateApiKey(): GeneratedApiKey {
  const key = API_KEY_PREFIX + randomBytes(KEY_BYTES).toString('base64url');
  return { key, hash: hashApiKey(key), id: `key_${randomBytes(6).toString('hex')}`, hint: hintOf(key) };
}

/**
 * SHA-256 of a key, hex. A fast hash is right here: the key has 192 random bits, so there is nothing to
 * brute-force (a password hash is for low-entropy secrets).
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Whether `value` has the shape of a key (prefix and base64url body), checked before any lookup. */
export function isWellFormedApiKey(value: string): boolean {
  return WELL_FORMED.test(value);
}

/** Constant-time equality of two hex hashes of the same length (false for different lengths). */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

function hintOf(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 4);
}
