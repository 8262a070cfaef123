import {
  AdmissionRegistry,
  RouteCache,
  staticRoute,
  type AdmissionOutcome,
  type AdmissionRoute,
} from '@bff/core';
import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { AuthMissingError } from './auth.errors';
import { AUTH_OPTIONAL_KEY } from './auth.constants';
import { authorizePrincipal, authRequirementsOf } from './auth-requirements';
import type { AuthModuleOptions } from './auth-options.interface';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { Authenticator } from './authenticator';
import type { AuthRequest } from './bearer.extractor';
import { requestOf } from './current-principal.decorator';

/**
 * A GraphQL endpoint whose context factory did not admit the request: credentials are verified when sent and
 * each root field then asks for what it needs.
 */
const UNADMITTED_GRAPHQL_ENDPOINT: AdmissionRoute = staticRoute({ [AUTH_OPTIONAL_KEY]: true });

/**
 * The global guard `AuthModule` registers. Over REST it runs the request's admission (every registered
 * {@link AdmissionStep}: authenticate first) with the handler's metadata, once per request. Over GraphQL the
 * endpoint is one route, admitted once per HTTP request by `GraphQLAdmission` in the context factory (so a
 * refusal is a real HTTP 401/429); for each root field this guard only reads that memoized outcome and checks
 * the field's own `@Public`, `@PrincipalKinds` and `@Scopes`. Field resolvers are checked by
 * `GraphQLAdmission.transformSchema`, on the fields that declare requirements only.
 *
 * It branches on `context.getType()` before touching GraphQL. A template with protected seams: override
 * `getRequest` or `authorizeField` in a subclass.
 *
 * @throws the coded error of the step that refused the request (BFF_ERR_AUTH_MISSING, BFF_ERR_AUTH_INVALID_TOKEN,
 *   BFF_ERR_AUTH_TOKEN_EXPIRED, BFF_ERR_FORBIDDEN, BFF_ERR_AUTH_FORBIDDEN, BFF_ERR_AUTH_UNAVAILABLE, ...).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly routes: RouteCache;

  constructor(
    protected readonly reflector: Reflector,
    protected readonly authenticator: Authenticator,
    protected readonly admission: AdmissionRegistry,
    @Optional() @Inject(AUTH_MODULE_OPTIONS) options?: AuthModuleOptions,
  ) {
    this.routes = new RouteCache(options?.routeOverrides?.reader(reflector) ?? reflector);
  }

  /**
   * Answers `true` without a promise when admission did (a cached token): Nest then skips an await as well. A
   * refusal is a rejected promise.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const route = this.routes.of(context.getHandler(), context.getClass());
    const type = context.getType<GqlContextType>();
    const request = this.getRequest(context);
    if (type === 'graphql') {
      const outcome = this.graphQLOutcome(request);
      return outcome instanceof Promise
        ? outcome.then((settled) => this.authorizeField(route, request, refusedOrAdmitted(settled)))
        : this.authorizeFieldNow(route, request, outcome);
    }
    if (!request) {
      // Another transport (rpc, ws): nothing to admit, so only public handlers pass.
      if (authRequirementsOf(route).public) return true;
      return Promise.reject(new AuthMissingError({ realm: this.authenticator.realm }));
    }
    const outcome = this.admission.admitNow({
      transport: 'http',
      request,
      response: type === 'http' ? context.switchToHttp().getResponse() : undefined,
      route,
    });
    return outcome instanceof Promise ? outcome.then(admitted) : admitted(outcome);
  }

  /** The HTTP request: `switchToHttp()` for REST, the GraphQL context's `req` for resolvers. */
  protected getRequest(context: ExecutionContext): AuthRequest | undefined {
    return requestOf(context);
  }

  /** Checks one root field's requirements against the request's admitted principal. */
  protected authorizeField(
    route: AdmissionRoute,
    request: AuthRequest | undefined,
    outcome: AdmissionOutcome | undefined,
  ): boolean {
    const requirements = authRequirementsOf(route);
    if (requirements.public) return true;
    const principal = outcome?.principal ?? request?.principal;
    if (!principal) throw new AuthMissingError({ realm: this.authenticator.realm });
    authorizePrincipal(principal, requirements, this.authenticator.realm);
    return true;
  }

  /** {@link authorizeField} on an outcome known now: `true` without a promise, a refusal as a rejection. */
  private authorizeFieldNow(
    route: AdmissionRoute,
    request: AuthRequest | undefined,
    outcome: AdmissionOutcome | undefined,
  ): boolean | Promise<never> {
    try {
      return this.authorizeField(route, request, refusedOrAdmitted(outcome));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * The outcome of this HTTP request's admission: memoized by the context factory (so known now for a cached
   * token), or run here once (for the first root field) when the app's GraphQL context does not admit requests.
   */
  private graphQLOutcome(
    request: AuthRequest | undefined,
  ): AdmissionOutcome | Promise<AdmissionOutcome> | undefined {
    if (!request) return undefined;
    return this.admission.admitNow({ transport: 'graphql', request, route: UNADMITTED_GRAPHQL_ENDPOINT });
  }
}

/** The outcome of an admission that let the request in; throws the error of one that refused it. */
function refusedOrAdmitted(outcome: AdmissionOutcome | undefined): AdmissionOutcome | undefined {
  if (outcome?.error) throw outcome.error;
  return outcome;
}

/** Lets an admitted request through, or rejects with the error that refused it. */
function admitted(outcome: AdmissionOutcome): true | Promise<never> {
  return outcome.error ? Promise.reject(outcome.error) : true;
}
