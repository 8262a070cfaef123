import { BffError } from '@bff/core';

/** What every 401/403 auth error needs to build its `WWW-Authenticate` challenge. */
export interface AuthChallengeOptions {
  /** Protection space named in the challenge (RFC 6750 `realm`). */
  realm: string;
  /** The underlying failure, kept for logs; never rendered to clients. */
  cause?: unknown;
}

/**
 * Builds an RFC 6750 Bearer challenge. Values are reduced to the characters the RFC allows in
 * `error_description` and `scope`, so nothing a caller sent can break the header.
 * @example
 * bearerChallenge('web-bff', { error: 'invalid_token', description: 'token expired' })
 * // Bearer realm="web-bff", error="invalid_token", error_description="token expired"
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
export function bearerChallenge(
  realm: string,
  params: { error?: 'invalid_token' | 'insufficient_scope'; description?: string; scope?: string } = {},
): string {
  const parts = [`realm="${quotable(realm)}"`];
  if (params.error) parts.push(`error="${params.error}"`);
  if (params.description) parts.push(`error_description="${quotable(params.description)}"`);
  if (params.scope) parts.push(`scope="${quotable(params.scope)}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** Keeps %x20-21 / %x23-5B / %x5D-7E (RFC 6750 §3): no quotes, backslashes or control characters. */
function quotable(value: string): string {
  return value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '').slice(0, 200);
}

/**
 * The answer of every rejection of one class, whatever check failed, so a response is no oracle for which check
 * a forgery passed: the body's `detail` and the challenge's `error_description` are fixed per class. The precise
 * reason travels on the error (`reason`) to the log and the `auth_failures_total{reason}` metric only.
 */
export const AUTH_REJECTION = Object.freeze({
  missing: { detail: 'This resource requires credentials.' },
  invalid: { detail: 'The credentials are not valid.', description: 'invalid credentials' },
  expired: { detail: 'The credentials have expired.', description: 'token expired' },
});

/**
 * The route requires credentials and the request carried none (or only ones of an unsupported scheme).
 * Carries `WWW-Authenticate: Bearer realm="..."` without an error code, as RFC 6750 §3.1 asks.
 * @example throw new AuthMissingError({ realm: 'mobile-bff' });
 */
export class AuthMissingError extends BffError {
  static override readonly code = 'BFF_ERR_AUTH_MISSING';
  static override readonly status = 401;
  static override readonly title = 'Authentication required';
  /** For logs and metrics only. */
  readonly reason = 'missing';

  constructor(options: AuthChallengeOptions) {
    super(AUTH_REJECTION.missing.detail, {
      cause: options.cause,
      headers: { 'WWW-Authenticate': bearerChallenge(options.realm) },
    });
  }
}

/**
 * The credentials are malformed, badly signed, for another issuer or audience, or otherwise not acceptable.
 * Every such rejection answers the same body and challenge (`error_description="invalid credentials"`);
 * `reason`, a short fixed phrase (never key material, token content or URLs), is for logs and metrics only.
 * @example throw new AuthInvalidTokenError('signature verification failed', { realm: 'web-bff' });
 */
export class AuthInvalidTokenError extends BffError {
  static override readonly code = 'BFF_ERR_AUTH_INVALID_TOKEN';
  static override readonly status = 401;
  static override readonly title = 'Invalid credentials';
  /** Which check failed, e.g. `signature verification failed`. For logs and metrics only. */
  readonly reason: string;

  constructor(reason: string, options: AuthChallengeOptions) {
    super(AUTH_REJECTION.invalid.detail, {
      cause: options.cause,
      headers: {
        'WWW-Authenticate': bearerChallenge(options.realm, {
          error: 'invalid_token',
          description: AUTH_REJECTION.invalid.description,
        }),
      },
    });
    this.reason = reason;
  }
}

/**
 * The token was valid once but its `exp` has passed (beyond the clock tolerance): the client should refresh.
 * @example throw new AuthTokenExpiredError({ realm: 'web-bff' });
 */
export class AuthTokenExpiredError extends BffError {
  static override readonly code = 'BFF_ERR_AUTH_TOKEN_EXPIRED';
  static override readonly status = 401;
  static override readonly title = 'Token expired';
  /** For logs and metrics only. */
  readonly reason = 'token expired';

  constructor(options: AuthChallengeOptions) {
    super(AUTH_REJECTION.expired.detail, {
      cause: options.cause,
      headers: {
        'WWW-Authenticate': bearerChallenge(options.realm, {
          error: 'invalid_token',
          description: AUTH_REJECTION.expired.description,
        }),
      },
    });
  }
}

/**
 * The caller is authenticated but lacks a scope the route requires (see `@Scopes`).
 * @example throw new AuthForbiddenError(['orders:write'], { realm: 'partner-bff' });
 */
export class AuthForbiddenError extends BffError {
  static override readonly code = 'BFF_ERR_AUTH_FORBIDDEN';
  static override readonly status = 403;
  static override readonly title = 'Insufficient scope';

  /** Every scope the route requires (not only the missing ones). */
  readonly requiredScopes: readonly string[];

  constructor(requiredScopes: readonly string[], options: AuthChallengeOptions) {
    const scope = requiredScopes.join(' ');
    super(`this operation requires the scopes: ${scope}`, {
      cause: options.cause,
      headers: {
        'WWW-Authenticate': bearerChallenge(options.realm, {
          error: 'insufficient_scope',
          description: 'insufficient scope',
          scope,
        }),
      },
    });
    this.requiredScopes = requiredScopes;
  }
}

/**
 * The identity provider's discovery document or JWKS could not be fetched in time, so the token could not be
 * checked. Not the client's fault: 503 with `Retry-After: 1`. The detail never names the provider's URL.
 * @example throw new AuthUnavailableError({ cause: err });
 */
export class AuthUnavailableError extends BffError {
  static override readonly code = 'BFF_ERR_AUTH_UNAVAILABLE';
  static override readonly status = 503;
  static override readonly title = 'Authentication unavailable';

  constructor(options: { cause?: unknown } = {}) {
    super('The identity provider could not be reached; retry shortly', {
      cause: options.cause,
      headers: { 'Retry-After': '1' },
    });
  }
}
