import { ForbiddenError, type Principal } from '@bff/core';
import { AuthInvalidTokenError } from './auth.errors';
import type { AuthModuleOptions } from './auth-options.interface';
import { resolveAuthOptions } from './auth-options.validation';
import { extractBearerCredentials, type AuthRequest } from './bearer.extractor';
import type { CredentialStrategy, Credentials } from './credential-strategy.interface';
import { CredentialStrategyRegistry } from './credential-strategy.registry';
import { JwtStrategy } from './jwt.strategy';
import type { PrincipalKind } from './principal-kinds.decorator';

/** What {@link Authenticator.state} reports, for health and a status page. */
export interface AuthenticatorState {
  readonly realm: string;
  /** Each registered strategy with what it reports (`undefined` when it reports nothing). */
  readonly strategies: ReadonlyArray<{ readonly name: string; readonly state: unknown }>;
}

/**
 * Turns credentials into a principal by asking each registered {@link CredentialStrategy} in order; the first
 * that supports the credentials decides. Provided by `AuthModule` and used by its authenticate admission step;
 * inject it to authenticate outside HTTP (e.g. a WebSocket handshake), or to read the strategies' state.
 *
 * @example
 * const principal = await authenticator.authenticate({ scheme: 'bearer', value: token });
 * authenticator.state(); // { realm, strategies: [{ name: 'jwt', state: { issuers: [{ fresh: true, ... }] } }] }
 * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when no strategy accepts the credentials, plus
 *   whatever the chosen strategy throws (BFF_ERR_AUTH_TOKEN_EXPIRED, BFF_ERR_AUTH_UNAVAILABLE, ...).
 */
export class Authenticator {
  /** Where strategies are registered; the authenticator always asks the current list. */
  readonly registry: CredentialStrategyRegistry;
  /** The kinds of principal accepted at all (empty: any). */
  readonly principalKinds: readonly PrincipalKind[];
  private readonly refusal?: string;

  constructor(
    /** Strategies in the order they are asked, or the registry that holds them. */
    strategies: readonly CredentialStrategy[] | CredentialStrategyRegistry,
    /** Realm named in `WWW-Authenticate` challenges. */
    readonly realm: string,
    /** `principalKinds`: a verified principal of another kind is a 403 (see `AuthModuleOptions`). */
    options: { principalKinds?: readonly PrincipalKind[] } = {},
  ) {
    this.principalKinds = Object.freeze([...(options.principalKinds ?? [])]);
    if (this.principalKinds.length > 0) {
      this.refusal = `This service is for ${this.principalKinds.join(' or ')} principals only.`;
    }
    this.registry =
      strategies instanceof CredentialStrategyRegistry
        ? strategies
        : new CredentialStrategyRegistry(strategies);
  }

  /**
   * A standalone authenticator for module options: JWT from `jwt` (validated eagerly), then `strategies`.
   * @example Authenticator.fromOptions({ jwt: { issuer, audience: 'web-bff' } })
   * @throws ConfigError (BFF_ERR_CONFIG) when the options are invalid.
   */
  static fromOptions(options: AuthModuleOptions): Authenticator {
    const { realm } = resolveAuthOptions(options);
    return new Authenticator([JwtStrategy.fromOptions(options), ...(options.strategies ?? [])], realm, {
      principalKinds: options.principalKinds,
    });
  }

  /** The registered strategies, in the order they are asked. */
  get strategies(): readonly CredentialStrategy[] {
    return this.registry.strategies;
  }

  /**
   * The credentials a request carries: those of the first strategy that reads its own (e.g. an API-key
   * header), else `Authorization: Bearer`; undefined when there are none.
   * @throws AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) for malformed credentials.
   */
  extractCredentials(request: AuthRequest): Credentials | undefined {
    for (const strategy of this.registry.strategies) {
      const own = strategy.extractCredentials?.(request);
      if (own) return own;
    }
    return extractBearerCredentials(request, this.realm);
  }

  /**
   * Verifies `credentials` with the first strategy that supports them. The principal comes without a promise
   * when the strategy knew it at once (a token from the verified-token cache), so the authenticate admission step
   * admits such a request synchronously; `await` works either way. Never throws: a refusal is a rejected promise,
   * with AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN) when no strategy supports the credentials,
   * ForbiddenError (BFF_ERR_FORBIDDEN, 403) for a principal of a kind this app does not serve, else what the
   * strategy threw or rejected with.
   */
  authenticate(credentials: Credentials): Principal | Promise<Principal> {
    try {
      for (const strategy of this.registry.strategies) {
        if (!strategy.supports(credentials)) continue;
        const principal = strategy.authenticate(credentials);
        return principal instanceof Promise
          ? principal.then((p) => this.ofServedKind(p))
          : this.ofServedKind(principal);
      }
      throw new AuthInvalidTokenError('credentials not accepted', { realm: this.realm });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** `principal`, when this app serves its kind. */
  private ofServedKind(principal: Principal): Principal {
    if (this.refusal !== undefined && !this.principalKinds.includes(principal.kind)) {
      throw new ForbiddenError(this.refusal);
    }
    return principal;
  }

  /** Every strategy's state, without I/O (JWT: each issuer's key set freshness, last fetch, last error). */
  state(): AuthenticatorState {
    return {
      realm: this.realm,
      strategies: this.registry.strategies.map((strategy) => ({
        name: strategy.name,
        state: strategy.state?.(),
      })),
    };
  }

  /**
   * Resolves when every strategy that can tell is ready to verify credentials now (JWT: key sets loaded and
   * fresh, fetched if needed). A readiness check for health.
   * @example readinessChecks: { auth: () => authenticator.checkReady() }
   * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when an identity provider cannot be reached.
   */
  async checkReady(): Promise<void> {
    await Promise.all(this.registry.strategies.map((strategy) => strategy.checkReady?.()));
  }
}
