import { IS_PUBLIC_KEY, RequestContextStore, type Principal } from '@bff/core';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthForbiddenError, AuthMissingError } from './auth.errors';
import { SCOPES_KEY } from './auth.constants';
import { Authenticator } from './authenticator';
import { extractBearerCredentials, type AuthRequest } from './bearer.extractor';
import type { Credentials } from './credential-strategy.interface';
import { requestOf } from './current-principal.decorator';

/**
 * The global guard `AuthModule` registers: secure by default. A route without `@Public()` needs verified
 * credentials; a route with `@Scopes(...)` also needs every listed scope. Works for REST and GraphQL
 * (it branches on `context.getType()` before touching GraphQL). On success the principal is on
 * `request.principal` and on the request context (`RequestContextStore.current().principal`).
 *
 * A template with protected seams, like @nestjs/throttler's guard: override `getRequest`,
 * `extractCredentials`, `onAuthenticated` or `authorize` in a subclass for app-specific behaviour.
 *
 * @example
 * class CookieAuthGuard extends AuthGuard {
 *   protected override extractCredentials(req: AuthRequest) { return readSessionCookie(req) ?? super.extractCredentials(req); }
 * }
 * @throws AuthMissingError (BFF_ERR_AUTH_MISSING, 401), AuthInvalidTokenError (BFF_ERR_AUTH_INVALID_TOKEN, 401),
 *   AuthTokenExpiredError (BFF_ERR_AUTH_TOKEN_EXPIRED, 401), AuthForbiddenError (BFF_ERR_AUTH_FORBIDDEN, 403),
 *   AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE, 503).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    protected readonly reflector: Reflector,
    protected readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.isPublic(context)) return true;
    const request = this.getRequest(context);
    // Already verified for this request (e.g. once per HTTP request in a GraphQL context factory, before
    // several root fields): authorize without verifying the same token again.
    if (request?.principal) {
      this.onAuthenticated(request.principal, request);
      this.authorize(request.principal, context);
      return true;
    }
    const credentials = this.extractCredentials(request);
    if (!credentials) throw new AuthMissingError({ realm: this.authenticator.realm });
    const principal = await this.authenticator.authenticate(credentials);
    this.onAuthenticated(principal, request);
    this.authorize(principal, context);
    return true;
  }

  /** True when the handler or its class is marked `@Public()` (the handler's setting wins). */
  protected isPublic(context: ExecutionContext): boolean {
    return (
      this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ]) === true
    );
  }

  /** The HTTP request: `switchToHttp()` for REST, the GraphQL context's `req` for resolvers. */
  protected getRequest(context: ExecutionContext): AuthRequest | undefined {
    return requestOf(context);
  }

  /** Credentials on the request, or undefined when there are none. Default: `Authorization: Bearer`. */
  protected extractCredentials(request: AuthRequest | undefined): Credentials | undefined {
    return extractBearerCredentials(request, this.authenticator.realm);
  }

  /** Publishes the verified principal to the handler (`request.principal`) and to the request context. */
  protected onAuthenticated(principal: Principal, request: AuthRequest | undefined): void {
    if (request) request.principal = principal;
    const ctx = RequestContextStore.current();
    if (ctx) ctx.principal = principal;
  }

  /** Enforces `@Scopes(...)`: every listed scope must be granted (the handler's list replaces the class's). */
  protected authorize(principal: Principal, context: ExecutionContext): void {
    const required = this.reflector.getAllAndOverride<readonly string[] | undefined>(SCOPES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return;
    const granted = new Set(principal.scopes);
    if (!required.every((scope) => granted.has(scope))) {
      throw new AuthForbiddenError(required, { realm: this.authenticator.realm });
    }
  }
}
