import { ForbiddenError, IS_PUBLIC_KEY, type AdmissionRoute, type Principal } from '@bff/core';
import { AUTH_OPTIONAL_KEY, PRINCIPAL_KINDS_KEY, SCOPES_KEY } from './auth.constants';
import { AuthForbiddenError, AuthMissingError } from './auth.errors';
import type { PrincipalKind } from './principal-kinds.decorator';

/**
 * What a route asks of its caller, from its metadata (`@Public`, `@Scopes`, `@PrincipalKinds`). The same
 * reading serves REST handlers, GraphQL endpoints, GraphQL root fields and field resolvers, and a route audit.
 */
export interface AuthRequirements {
  /** `@Public()`: no credentials are verified at all. */
  readonly public: boolean;
  /** Credentials are verified when sent, not required (see `AUTH_OPTIONAL_KEY`). */
  readonly optional: boolean;
  /** Every one of these scopes must be granted (`@Scopes`); empty when none is required. */
  readonly scopes: readonly string[];
  /** The principal must be of one of these kinds (`@PrincipalKinds`); empty when any kind will do. */
  readonly principalKinds: readonly PrincipalKind[];
}

const NONE: readonly never[] = Object.freeze([]);
const known = new WeakMap<AdmissionRoute, AuthRequirements>();

/**
 * The auth requirements of a route, read once per route.
 * @example authRequirementsOf(reflectedRoute(reflector, Ctrl.prototype.list, Ctrl)) // { public: false, scopes: ['orders:read'], ... }
 */
export function authRequirementsOf(route: AdmissionRoute): AuthRequirements {
  let requirements = known.get(route);
  if (!requirements) {
    requirements = Object.freeze({
      public: route.get<boolean>(IS_PUBLIC_KEY) === true,
      optional: route.get<boolean>(AUTH_OPTIONAL_KEY) === true,
      scopes: route.get<readonly string[]>(SCOPES_KEY) ?? NONE,
      principalKinds: route.get<readonly PrincipalKind[]>(PRINCIPAL_KINDS_KEY) ?? NONE,
    });
    known.set(route, requirements);
  }
  return requirements;
}

/**
 * Checks a (possibly absent) principal against a route's requirements: a principal is needed unless the
 * route is public or optional, it must be of an allowed kind, and it must hold every required scope.
 *
 * @example authorizePrincipal(ctx.principal, authRequirementsOf(ctx.route), 'partner-bff');
 * @throws AuthMissingError (BFF_ERR_AUTH_MISSING, 401) without a principal where one is needed;
 *   ForbiddenError (BFF_ERR_FORBIDDEN, 403) for a principal of another kind;
 *   AuthForbiddenError (BFF_ERR_AUTH_FORBIDDEN, 403) when a required scope is missing.
 */
export function authorizePrincipal(
  principal: Principal | undefined,
  requirements: AuthRequirements,
  realm: string,
): void {
  if (requirements.public) return;
  if (!principal) {
    if (requirements.optional) return;
    throw new AuthMissingError({ realm });
  }
  const kinds = requirements.principalKinds;
  if (kinds.length > 0 && !kinds.includes(principal.kind)) {
    throw new ForbiddenError(`This operation is for ${kinds.join(' or ')} principals only.`);
  }
  const required = requirements.scopes;
  if (required.length === 0) return;
  const granted = principal.scopes;
  for (const scope of required) {
    if (!granted.includes(scope)) throw new AuthForbiddenError(required, { realm });
  }
}
