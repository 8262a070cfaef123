import type { Principal } from '@bff/core';
import { decodeJwt } from 'jose';
import { AuthInvalidTokenError } from './auth.errors';
import type { AuthModuleOptions } from './auth-options.interface';
import { resolveAuthOptions } from './auth-options.validation';
import type { CredentialStrategy, Credentials } from './credential-strategy.interface';
import type { JwksState } from './jwks.resolver';
import { JwtVerifier } from './jwt-verifier';
import type { TokenRevocations } from './revocation/token-revocations';
import { refuseOversizedToken } from './token-length';

/** What {@link JwtStrategy.state} reports: one entry per trusted issuer. */
export interface JwtStrategyState {
  readonly issuers: ReadonlyArray<JwksState & { readonly issuer: string }>;
}

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
  private revocations?: TokenRevocations;

  constructor(
    verifiers: readonly JwtVerifier[],
    private readonly realm: string,
  ) {
    if (verifiers.length === 0) throw new TypeError('JwtStrategy needs at least one verifier');
    this.byIssuer = new Map(verifiers.map((v) => [v.issuer, v]));
  }

  /**
   * The strategy `AuthModule` registers by default: one verifier per issuer of the `jwt` options (validated
   * eagerly), challenges naming the module's realm.
   * @example JwtStrategy.fromOptions({ jwt: { issuer, audience: 'web-bff' } })
   * @throws ConfigError (BFF_ERR_CONFIG) when the options are invalid.
   */
  static fromOptions(options: AuthModuleOptions): JwtStrategy {
    const { realm } = resolveAuthOptions(options);
    const issuers = Array.isArray(options.jwt) ? options.jwt : [options.jwt];
    return new JwtStrategy(
      issuers.map((issuer) => new JwtVerifier({ ...issuer, realm, clock: options.clock })),
      realm,
    );
  }

  /** Each issuer's key set: fresh, cooling down, last successful fetch, last error. No I/O. */
  state(): JwtStrategyState {
    return { issuers: [...this.byIssuer.values()].map((verifier) => verifier.jwksState()) };
  }

  /**
   * Resolves when every issuer's keys can be served now.
   * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) for the first issuer whose keys cannot be fetched.
   */
  async checkReady(): Promise<void> {
    await Promise.all([...this.byIssuer.values()].map((verifier) => verifier.checkReady()));
  }

  /** Bearer credentials shaped like a compact JWS (three dot-separated parts). */
  supports(credentials: Credentials): boolean {
    return credentials.scheme === 'bearer' && credentials.value.split('.', 4).length === 3;
  }

  /**
   * Refuses tokens whose `jti` is on `revocations` (checked in memory after verification, and for tokens
   * answered from the verified-token cache too).
   */
  refuseRevoked(revocations: TokenRevocations): void {
    this.revocations = revocations;
  }

  authenticate(credentials: Credentials): Principal | Promise<Principal> {
    const verifier = this.select(credentials.value);
    const cached = verifier.cached(credentials.value);
    if (cached) return this.unrevoked(cached, verifier);
    const verified = verifier.verify(credentials.value);
    return this.revocations ? verified.then((principal) => this.unrevoked(principal, verifier)) : verified;
  }

  private unrevoked(principal: Principal, verifier: JwtVerifier): Principal {
    const { tokenId } = principal;
    if (tokenId !== undefined && this.revocations?.isRevoked(verifier.issuer, tokenId)) {
      throw this.invalid('token revoked');
    }
    return principal;
  }

  private select(token: string): JwtVerifier {
    if (this.byIssuer.size === 1) return this.byIssuer.values().next().value as JwtVerifier;
    refuseOversizedToken(token, this.realm);
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
