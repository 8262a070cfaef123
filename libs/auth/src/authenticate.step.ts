import {
  ADMISSION_ORDER,
  RequestContextStore,
  type AdmissionContext,
  type AdmissionStep,
  type Principal,
} from '@bff/core';
import { Injectable, Optional } from '@nestjs/common';
import { AuthFailures } from './auth-failures';
import { AuthMissingError } from './auth.errors';
import { authorizePrincipal, authRequirementsOf, type AuthRequirements } from './auth-requirements';
import { Authenticator } from './authenticator';
import type { AuthRequest } from './bearer.extractor';
import type { Credentials } from './credential-strategy.interface';

/**
 * The first admission step (order {@link ADMISSION_ORDER}.authenticate), registered by `AuthModule`: secure by
 * default. A route without `@Public()` needs verified credentials; `@PrincipalKinds(...)` and `@Scopes(...)`
 * are checked against the verified principal. On success the principal is on the admission context (for later
 * steps), on `request.principal` (for handlers) and on the request context (for everything below).
 *
 * Credentials are read by the registered strategies (`CredentialStrategy.extractCredentials`, else
 * `Authorization: Bearer`), so a new kind of credential needs a strategy, not a new step. `extractCredentials`
 * and `onAuthenticated` are protected seams for subclasses (e.g. in a test module).
 *
 * @example
 * class CookieAuthenticateStep extends AuthenticateStep {
 *   protected override extractCredentials(req: AuthRequest) { return readSessionCookie(req) ?? super.extractCredentials(req); }
 * }
 * @throws AuthMissingError (BFF_ERR_AUTH_MISSING, 401), AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN, 401),
 *   AuthTokenExpiredError (BFF_ERR_AUTH_TOKEN_EXPIRED, 401), ForbiddenError (BFF_ERR_FORBIDDEN, 403),
 *   AuthForbiddenError (BFF_ERR_AUTH_FORBIDDEN, 403), AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE, 503).
 */
@Injectable()
export class AuthenticateStep implements AdmissionStep {
  readonly name = 'authenticate';
  readonly order = ADMISSION_ORDER.authenticate;

  constructor(
    protected readonly authenticator: Authenticator,
    /** Where each refusal's precise reason goes (log line and `auth_failures_total{reason}`). */
    @Optional() protected readonly failures?: AuthFailures,
  ) {}

  /** Synchronous when the principal is known at once (a cached token), so admission needs no promise. */
  admit(ctx: AdmissionContext): void | Promise<void> {
    const requirements = authRequirementsOf(ctx.route);
    if (requirements.public) return;
    const request = ctx.request as AuthRequest;
    let verified: Principal | Promise<Principal>;
    try {
      const credentials = this.extractCredentials(request);
      if (!credentials) {
        if (requirements.optional) return;
        throw new AuthMissingError({ realm: this.authenticator.realm });
      }
      verified = this.authenticator.authenticate(credentials);
    } catch (err) {
      this.refuse(err, request);
    }
    if (verified instanceof Promise) {
      return verified.then(
        (principal) => this.accept(principal, ctx, requirements, request),
        (err: unknown) => this.refuse(err, request),
      );
    }
    this.accept(verified, ctx, requirements, request);
  }

  private accept(
    principal: Principal,
    ctx: AdmissionContext,
    requirements: AuthRequirements,
    request: AuthRequest,
  ): void {
    this.onAuthenticated(principal, ctx);
    try {
      authorizePrincipal(principal, requirements, this.authenticator.realm);
    } catch (err) {
      this.refuse(err, request);
    }
  }

  /** Records why `request` was refused (log line and `auth_failures_total{reason}`), then rethrows. */
  private refuse(err: unknown, request: AuthRequest): never {
    this.failures?.record(err, (request as { log?: Parameters<AuthFailures['record']>[1] }).log);
    throw err;
  }

  /**
   * Credentials on the request, or undefined when there are none. Default: what a registered strategy reads
   * itself (`CredentialStrategy.extractCredentials`), else `Authorization: Bearer`.
   */
  protected extractCredentials(request: AuthRequest): Credentials | undefined {
    return this.authenticator.extractCredentials(request);
  }

  /** Publishes the verified principal to later steps, to the handler (`request.principal`) and to the request context. */
  protected onAuthenticated(principal: Principal, ctx: AdmissionContext): void {
    ctx.principal = principal;
    ctx.request.principal = principal;
    const requestContext = RequestContextStore.current();
    if (requestContext) requestContext.principal = principal;
  }
}
