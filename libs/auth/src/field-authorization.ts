import { RequestContextStore, RouteCache, type Principal } from '@bff/core';
import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { defaultFieldResolver, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { AuthMissingError } from './auth.errors';
import { authorizePrincipal, authRequirementsOf, type AuthRequirements } from './auth-requirements';
import { Authenticator } from './authenticator';
import type { AuthRequest } from './bearer.extractor';

/** @nestjs/graphql's metadata keys (`graphql.constants`), read here without loading the package. */
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const RESOLVER_PROPERTY_METADATA = 'graphql:resolve_property';

/** Root types: their fields are checked by the guard, which Nest runs on root fields. */
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

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
  ) {
    this.routes = new RouteCache(reflector);
  }

  /** Every field resolver of the app that declares scopes or principal kinds. */
  requirements(): FieldRequirement[] {
    const found: FieldRequirement[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      const ctor = instance.constructor;
      for (const methodName of this.scanner.getAllMethodNames(prototype)) {
        const method = prototype[methodName];
        if (typeof method !== 'function' || !Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method))
          continue;
        const typeName: unknown =
          Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) ??
          Reflect.getMetadata(RESOLVER_TYPE_METADATA, ctor);
        if (typeof typeName !== 'string' || ROOT_TYPES.has(typeName)) continue;
        const requirements = authRequirementsOf(this.routes.of(method, ctor));
        if (requirements.scopes.length === 0 && requirements.principalKinds.length === 0) continue;
        const fieldName =
          (Reflect.getMetadata(RESOLVER_NAME_METADATA, method) as string | undefined) ?? methodName;
        found.push({ typeName, fieldName, requirements });
      }
    }
    return found;
  }

  /**
   * Wraps the resolvers of the fields found by {@link requirements}, in place, and returns the schema.
   * @throws TypeError when a declared field is missing from the schema (a renamed type or field).
   */
  transformSchema(schema: GraphQLSchema): GraphQLSchema {
    const realm = this.authenticator.realm;
    for (const { typeName, fieldName, requirements } of this.requirements()) {
      const type = schema.getType(typeName);
      const field = isObjectType(type) ? type.getFields()[fieldName] : undefined;
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
