import type { Principal } from '@bff/core';
import { AuthInvalidTokenError } from './auth.errors';
import type { AuthModuleOptions } from './auth-options.interface';
import { resolveAuthOptions } from './auth-options.validation';
import type { CredentialStrategy, Credentials } from './credential-strategy.interface';
import { JwtVerifier } from './jwt-verifier';
import { JwtStrategy } from './jwt.strategy';

/**
 * Turns credentials into a principal by asking each {@link CredentialStrategy} in order; the first that
 * supports the credentials decides. Provided by `AuthModule` and used by `AuthGuard`; inject it to
 * authenticate outside HTTP (e.g. a WebSocket handshake).
 *
 * @example
 * const principal = await authenticator.authenticate({ scheme: 'bearer', value: token });
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when no strategy accepts the credentials, plus
 *   whatever the chosen strategy throws (BFF_ERR_AUTH_TOKEN_EXPIRED, BFF_ERR_AUTH_UNAVAILABLE, ...).
 */
export class Authenticator {
  constructor(
    /** Strategies in the order they are asked. */
    readonly strategies: readonly CredentialStrategy[],
    /** Realm named in `WWW-Authenticate` challenges. */
    readonly realm: string,
  ) {}

  /**
   * Builds the strategies configured by module options (validated eagerly).
   * @example Authenticator.fromOptions({ jwt: { issuer, audience: 'web-bff' } })
   * @throws ConfigError (BFF_ERR_CONFIG) when the options are invalid.
   */
  static fromOptions(options: AuthModuleOptions): Authenticator {
    const { realm } = resolveAuthOptions(options);
    const issuers = Array.isArray(options.jwt) ? options.jwt : [options.jwt];
    const verifiers = issuers.map((issuer) => new JwtVerifier({ ...issuer, realm, clock: options.clock }));
    return new Authenticator([new JwtStrategy(verifiers, realm)], realm);
  }

  /** Verifies `credentials` with the first strategy that supports them. */
  async authenticate(credentials: Credentials): Promise<Principal> {
    for (const strategy of this.strategies) {
      if (strategy.supports(credentials)) return strategy.authenticate(credentials);
    }
    throw new AuthInvalidTokenError('credentials not accepted', { realm: this.realm });
  }
}
