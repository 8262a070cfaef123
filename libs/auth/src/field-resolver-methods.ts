import type { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { loadGraphql } from '@bff/core';
import type { GraphQLField, GraphQLSchema } from 'graphql';

/** @nestjs/graphql's metadata keys (`graphql.constants`), read here without loading the package. */
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const RESOLVER_PROPERTY_METADATA = 'graphql:resolve_property';
const RESOLVER_REFERENCE_METADATA = 'graphql:resolve_reference';

/** Root types: Nest runs guards on their fields, and their resolvers are not field resolvers. */
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** One `@ResolveField` method of a provider, with the schema field it resolves. */
export interface FieldResolverMethod {
  /** Schema type name, e.g. `Order`. */
  readonly typeName: string;
  /** Field name, e.g. `partnerId`. */
  readonly fieldName: string;
  /** The resolver instance (the provider). */
  readonly instance: object;
  readonly methodName: string;
  readonly method: (...args: unknown[]) => unknown;
  /** False for request- or transient-scoped resolvers, whose instance is made per request. */
  readonly isStatic: boolean;
}

/**
 * Every `@ResolveField` method of the app's providers on a non-root type (federation reference resolvers left
 * out), found the way @nestjs/graphql's resolver explorer finds them: the method's `@Resolver` type, else its
 * class's, and the field name given to `@ResolveField`, else the method's name.
 */
export function fieldResolverMethods(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
): FieldResolverMethod[] {
  const found: FieldResolverMethod[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const ctor = instance.constructor;
    for (const methodName of scanner.getAllMethodNames(prototype)) {
      const method = prototype[methodName];
      if (typeof method !== 'function' || !Reflect.getMetadata(RESOLVER_PROPERTY_METADATA, method)) continue;
      if (Reflect.getMetadata(RESOLVER_REFERENCE_METADATA, method)) continue;
      const typeName: unknown =
        Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) ??
        Reflect.getMetadata(RESOLVER_TYPE_METADATA, ctor);
      if (typeof typeName !== 'string' || ROOT_TYPES.has(typeName)) continue;
      const fieldName =
        (Reflect.getMetadata(RESOLVER_NAME_METADATA, method) as string | undefined) ?? methodName;
      found.push({
        typeName,
        fieldName,
        instance,
        methodName,
        method: method as FieldResolverMethod['method'],
        isStatic: wrapper.isDependencyTreeStatic(),
      });
    }
  }
  return found;
}

/** The schema's field `typeName.fieldName`, or undefined when the type or field is not in the schema. */
export function schemaField(
  schema: GraphQLSchema,
  typeName: string,
  fieldName: string,
): GraphQLField<unknown, unknown> | undefined {
  const type = schema.getType(typeName);
  return loadGraphql().isObjectType(type) ? type.getFields()[fieldName] : undefined;
}
