import { ConfigError } from '@bff/core';
import { AuthInvalidTokenError } from './auth.errors';

/** Longest bearer token accepted, in characters (8 KiB), by every strategy that checks bearer tokens. */
export const DEFAULT_MAX_TOKEN_LENGTH = 8192;

/**
 * The configured longest token, or {@link DEFAULT_MAX_TOKEN_LENGTH}.
 * @example resolveMaxTokenLength(options.maxTokenLength, 'auth.jwt.maxTokenLength') // 8192
 * @throws ConfigError (BFF_ERR_CONFIG) when `value` is not a positive integer.
 */
export function resolveMaxTokenLength(value: number | undefined, path: string): number {
  const max = value ?? DEFAULT_MAX_TOKEN_LENGTH;
  if (!Number.isInteger(max) || max < 1) throw new ConfigError([`${path}: must be a positive integer`]);
  return max;
}

/**
 * Refuses a token longer than `maxLength` before any parsing or I/O (key lookup, introspection call), with the
 * generic 401 of an invalid token (reason `token too long`).
 * @example refuseOversizedToken(token, realm); // throws for a 10 KiB token
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when the token is too long.
 */
export function refuseOversizedToken(
  token: string,
  realm: string,
  maxLength: number = DEFAULT_MAX_TOKEN_LENGTH,
): void {
  if (token.length > maxLength) throw new AuthInvalidTokenError('token too long', { realm });
}
