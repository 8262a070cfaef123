import type { Principal } from '@bff/core';
import { AuthInvalidTokenError } from './auth.errors';
import type { Credentials } from './credential-strategy.interface';

/** What the auth layer reads from and writes to a request (Fastify's or Express's). */
export interface AuthRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Fastify: the Node request, whose `rawHeaders` keep duplicates that `headers` folds away. */
  raw?: { rawHeaders?: string[] };
  /** Express / plain Node. */
  rawHeaders?: string[];
  /** Set by `AuthGuard` once credentials are verified. */
  principal?: Principal;
  /** The client address (Fastify's `request.ip`, which honours `trustProxy`). */
  ip?: string;
}

/** `Bearer <b64token>` (RFC 6750 §2.1); the scheme is case-insensitive. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * Reads `Authorization: Bearer <token>`. Returns undefined when the request carries no Authorization header
 * or one of another scheme (RFC 6750 §3.1: that is "no credentials", answered without an error code).
 *
 * @example extractBearerCredentials(request, 'web-bff') // { scheme: 'bearer', value: 'eyJ...' }
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when the header is repeated or the Bearer
 *   value is not a single well-formed token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export function extractBearerCredentials(
  request: AuthRequest | undefined,
  realm: string,
): Credentials | undefined {
  const header = request?.headers?.authorization;
  if (header === undefined) return undefined;
  if (Array.isArray(header) || countRawHeaders(request, 'authorization') > 1) {
    throw new AuthInvalidTokenError('multiple authorization headers', { realm });
  }
  const value = header.trim();
  if (value === '') return undefined;
  const scheme = value.split(' ', 1)[0];
  if (scheme.toLowerCase() !== 'bearer') return undefined;
  const match = BEARER.exec(value);
  if (!match) throw new AuthInvalidTokenError('malformed authorization header', { realm });
  return { scheme: 'bearer', value: match[1] };
}

/** How many times a header was sent (Node folds repeats in `headers`; `rawHeaders` keeps them). */
export function countRawHeaders(request: AuthRequest | undefined, name: string): number {
  const raw = request?.raw?.rawHeaders ?? request?.rawHeaders;
  if (!Array.isArray(raw)) return 1;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === name) count++;
  return count;
}
