import type { Principal } from '@bff/core';
import { decodeJwt } from 'jose';
import { AuthInvalidTokenError } from './auth.errors';
import type { CredentialStrategy, Credentials } from './credential-strategy.interface';
import { DEFAULT_MAX_TOKEN_LENGTH, type JwtVerifier } from './jwt-verifier';

/**
 * Bearer JWTs from one or several trusted issuers. The token's (unverified) `iss` only selects which
 * issuer's {@link JwtVerifier} checks it; that verifier then checks everything, `iss` included.
 *
 * @example
 * new JwtStrategy([new JwtVerifier({ issuer, audience: 'web-bff' })], 'web-bff')
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when the issuer is not trusted, plus whatever
 *   {@link JwtVerifier.verify} throws.
 */
export class JwtStrategy implements CredentialStrategy {
  readonly name = 'jwt';
  private readonly byIssuer: ReadonlyMap<string, JwtVerifier>;

  constructor(
    verifiers: readonly JwtVerifier[],
    private readonly realm: string,
  ) {
    if (verifiers.length === 0) throw new TypeError('JwtStrategy needs at least one verifier');
    this.byIssuer = new Map(verifiers.map((v) => [v.issuer, v]));
  }

  /** Bearer credentials shaped like a compact JWS (three dot-separated parts). */
  supports(credentials: Credentials): boolean {
    return credentials.scheme === 'bearer' && credentials.value.split('.', 4).length === 3;
  }

  authenticate(credentials: Credentials): Promise<Principal> {
    return this.select(credentials.value).verify(credentials.value);
  }

  private select(token: string): JwtVerifier {
    if (this.byIssuer.size === 1) return this.byIssuer.values().next().value as JwtVerifier;
    if (token.length > DEFAULT_MAX_TOKEN_LENGTH) throw this.invalid('token too long');
    let iss: unknown;
    try {
      ({ iss } = decodeJwt(token));
    } catch (cause) {
      throw this.invalid('malformed token', cause);
    }
    const verifier = typeof iss === 'string' ? this.byIssuer.get(iss) : undefined;
    if (!verifier) throw this.invalid('issuer not accepted');
    return verifier;
  }

  private invalid(detail: string, cause?: unknown): AuthInvalidTokenError {
    return new AuthInvalidTokenError(detail, { realm: this.realm, cause });
  }
}
