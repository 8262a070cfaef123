import type { Principal } from '@bff/core';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { AuthRequest } from './bearer.extractor';

/**
 * The verified principal of the current request (set by `AuthGuard`), in REST handlers and GraphQL
 * resolvers alike. Undefined on `@Public()` routes, where the guard verifies nothing.
 *
 * @example
 * @Get('/v1/home') home(@CurrentPrincipal() principal: Principal) { return this.home.for(principal.subject); }
 * @Query(() => Viewer) viewer(@CurrentPrincipal() principal: Principal) { ... }
 */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined => requestOf(context)?.principal,
);

/** The HTTP request behind a REST or GraphQL execution context; undefined for other transports. */
export function requestOf(context: ExecutionContext): AuthRequest | undefined {
  const type = context.getType<GqlContextType>();
  if (type === 'http') return context.switchToHttp().getRequest<AuthRequest>();
  if (type === 'graphql') {
    return gqlExecutionContext().create(context).getContext<{ req?: AuthRequest } | undefined>()?.req;
  }
  return undefined;
}

type NestGraphql = typeof import('@nestjs/graphql');
let nestGraphql: NestGraphql | undefined;

/**
 * `GqlExecutionContext`, loaded on the first GraphQL request: an app that serves GraphQL has loaded
 * @nestjs/graphql already, and a REST-only app never pays for it (close to a second at startup).
 */
function gqlExecutionContext(): NestGraphql['GqlExecutionContext'] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  nestGraphql ??= require('@nestjs/graphql') as NestGraphql;
  return nestGraphql.GqlExecutionContext;
}
