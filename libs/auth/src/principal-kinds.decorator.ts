import type { Principal } from '@bff/core';
import { SetMetadata } from '@nestjs/common';
import { PRINCIPAL_KINDS_KEY } from './auth.constants';

/** The kinds of caller: `user` (end-user tokens) and `client` (client-credentials tokens, API keys). */
export type PrincipalKind = Principal['kind'];

const KINDS: ReadonlySet<string> = new Set<PrincipalKind>(['user', 'client']);

/**
 * Serves the route only to principals of the listed kinds (metadata only; the authenticate admission step
 * enforces it, and a route audit reads it with the Reflector under {@link PRINCIPAL_KINDS_KEY}). A method's
 * setting replaces its class's. Works on REST handlers and GraphQL resolvers.
 *
 * @example
 * @PrincipalKinds('client') @Controller('v1/orders') export class PartnerOrdersController { ... }
 * @throws ForbiddenError (BFF_ERR_FORBIDDEN, 403) at request time for a principal of another kind;
 *   TypeError at decoration time for an empty list or an unknown kind.
 */
export function PrincipalKinds(...kinds: PrincipalKind[]): MethodDecorator & ClassDecorator {
  if (kinds.length === 0) throw new TypeError('@PrincipalKinds() needs at least one kind');
  for (const kind of kinds) {
    if (!KINDS.has(kind)) throw new TypeError(`@PrincipalKinds(): "${String(kind)}" is not a principal kind`);
  }
  return SetMetadata(PRINCIPAL_KINDS_KEY, Object.freeze([...new Set(kinds)]));
}
