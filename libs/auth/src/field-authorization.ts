import { loadGraphql, RequestContextStore, RouteCache, type Principal } from '@bff/core';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { AuthMissingError } from './auth.errors';
import { authorizePrincipal, authRequirementsOf, type AuthRequirements } from './auth-requirements';
import type { AuthModuleOptions } from './auth-options.interface';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { Authenticator } from './authenticator';
import type { AuthRequest } from './bearer.extractor';
import { fieldResolverMethods, schemaField } from './field-resolver-methods';

/** A field resolver that declares auth requirements. */
export interface FieldRequirement {
  /** Schema type name, e.g. `Order`. */
  readonly typeName: string;
  /** Field name, e.g. `partnerId`. */
  readonly fieldName: string;
  readonly requirements: AuthRequirements;
}

/**
 * Enforces `@Scopes` and `@PrincipalKinds` on GraphQL field resolvers without paying for it on every field:
 * at schema build time it finds the `@ResolveField` methods (and their resolver classes) that declare
 * requirements and wraps only those fields' resolvers. A caller lacking a scope gets an error on that field
 * (`BFF_ERR_AUTH_FORBIDDEN`, 403) and the rest of the data; make such fields nullable.
 */
@Injectable()
export class FieldAuthorization {
  private readonly routes: RouteCache;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Optional() @Inject(AUTH_MODULE_OPTIONS) options?: AuthModuleOptions,
  ) {
    this.routes = new RouteCache(options?.routeOverrides?.reader(reflector) ?? reflector);
  }

  /** Every field resolver of the app that declares scopes or principal kinds. */
  requirements(): FieldRequirement[] {
    const found: FieldRequirement[] = [];
    for (const { typeName, fieldName, instance, method } of fieldResolverMethods(
      this.discovery,
      this.scanner,
    )) {
      const requirements = authRequirementsOf(this.routes.of(method, instance.constructor));
      if (requirements.scopes.length === 0 && requirements.principalKinds.length === 0) continue;
      found.push({ typeName, fieldName, requirements });
    }
    return found;
  }

  /**
   * Wraps the resolvers of the fields found by {@link requirements}, in place, and returns the schema.
   * @throws TypeError when a declared field is missing from the schema (a renamed type or field).
   */
  transformSchema(schema: GraphQLSchema): GraphQLSchema {
    const realm = this.authenticator.realm;
    const { defaultFieldResolver } = loadGraphql();
    for (const { typeName, fieldName, requirements } of this.requirements()) {
      const field = schemaField(schema, typeName, fieldName);
      if (!field)
        throw new TypeError(
          `@Scopes/@PrincipalKinds on ${typeName}.${fieldName}: no such field in the schema`,
        );
      field.resolve = authorizedResolver(field.resolve ?? defaultFieldResolver, requirements, realm);
    }
    return schema;
  }
}

/** `resolve`, preceded by a check of the caller against the field's requirements. */
function authorizedResolver(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  requirements: AuthRequirements,
  realm: string,
): GraphQLFieldResolver<unknown, unknown> {
  return function authorizedField(source, args, context, info) {
    const principal = principalOf(context);
    if (!principal) throw new AuthMissingError({ realm });
    authorizePrincipal(principal, requirements, realm);
    return resolve(source, args, context, info);
  };
}

function principalOf(context: unknown): Principal | undefined {
  return (
    (context as { req?: AuthRequest } | undefined)?.req?.principal ?? RequestContextStore.current()?.principal
  );
}
