import { SetMetadata } from '@nestjs/common';
import { SCOPES_KEY } from './auth.constants';

/** RFC 6749 §3.3 scope-token: printable ASCII without space, `"` or `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Requires every listed scope on the verified principal (metadata only; `AuthGuard` enforces it). A method's
 * `@Scopes` replaces its class's. Works on REST handlers and GraphQL resolvers.
 *
 * @example
 * @Scopes('orders:read') @Get('/v1/orders') list() { ... }
 * @throws AuthForbiddenError (BFF_ERR_AUTH_FORBIDDEN, 403) at request time when a scope is missing;
 *   TypeError at decoration time for an empty list or a malformed scope.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3
 */
export function Scopes(...scopes: string[]): MethodDecorator & ClassDecorator {
  if (scopes.length === 0) throw new TypeError('@Scopes() needs at least one scope');
  for (const scope of scopes) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new TypeError(`@Scopes(): "${String(scope)}" is not a valid scope token`);
    }
  }
  return SetMetadata(SCOPES_KEY, Object.freeze([...new Set(scopes)]));
}
