import { Injectable } from '@nestjs/common';
import { ApplicationConfig, DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { isObservable, lastValueFrom } from 'rxjs';
import { fieldResolverMethods, schemaField, type FieldResolverMethod } from './field-resolver-methods';

/** @nestjs/common's and @nestjs/graphql's metadata keys, read here without loading @nestjs/graphql. */
const PARAM_ARGS_METADATA = '__routeArguments__';
const PIPES_METADATA = '__pipes__';
const FIELD_RESOLVER_MIDDLEWARE_METADATA = 'graphql:field_resolver_middleware';
const GRAPHQL_MODULE_OPTIONS = 'GqlModuleOptions';

/** @nestjs/graphql's `GqlParamtype`: where `@Parent`, `@Context`, `@Info` and `@Args` take their value from. */
const RESOLVER_ARG_OF_PARAM_TYPE: Readonly<Record<string, number>> = {
  '0': 0, // ROOT (@Parent/@Root): the parent object
  '3': 1, // ARGS (@Args): the field's arguments
  '1': 2, // CONTEXT (@Context): the context value
  '2': 3, // INFO (@Info): the resolve info
};

/** The parts of the GraphQL module's options that change how Nest calls field resolvers. */
interface GqlFieldOptions {
  fieldResolverEnhancers?: readonly string[];
  buildSchemaOptions?: { fieldMiddleware?: readonly unknown[] };
}

/** One parameter of a resolver method: which resolver argument it takes, and which property of it. */
interface DirectParam {
  index: number;
  from: number;
  data?: string;
}

/**
 * Calls `@ResolveField` methods directly from graphql-js when Nest's wrapper would add nothing, and leaves every
 * other field as Nest built it.
 *
 * Why: @nestjs/graphql runs each field resolver with parameter decorators through its external context creator:
 * per resolution an `async` wrapper, an `async` pipe step per parameter, a `Promise.all`, the interceptor chain
 * (empty) and an observable check, about ten promises and their closures before the method runs. A field on a
 * list pays that per item (the web-bff's viewer query resolves `product` and `stock` 30 times each). The direct
 * resolver reads the same parameters (`@Parent`, `@Args`, `@Context`, `@Info`, with their property name) from
 * graphql-js' `(source, args, context, info)` and returns what the method returns; on the web-bff's viewer query
 * it saves about 1.2M of 9.1M instructions per request (bench/WEB.md).
 *
 * A field keeps Nest's wrapper (and its exact behaviour) when anything could act between graphql-js and the
 * method: `fieldResolverEnhancers` on (guards, interceptors or filters on fields), field middleware (global or on
 * the field), pipes (global, on the class or method, or on a parameter), a custom parameter decorator, a
 * request-scoped resolver, or GraphQL module options that cannot be read. Methods without parameters are left
 * as they are: Nest already binds them directly. What differs is only how a failure is
 * delivered: a method that throws synchronously throws to graphql-js instead of rejecting a promise, which
 * graphql-js answers with the same field error. An observable result is awaited to its last value, as Nest does.
 */
@Injectable()
export class DirectFieldResolvers {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly config: ApplicationConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Replaces the resolvers of the fields that qualify, in place, and returns the schema. */
  transformSchema(schema: GraphQLSchema): GraphQLSchema {
    if (!this.fieldsCallableDirectly()) return schema;
    for (const method of fieldResolverMethods(this.discovery, this.scanner)) {
      const field = schemaField(schema, method.typeName, method.fieldName);
      const params = field ? directParams(method) : undefined;
      if (field && params) field.resolve = directResolver(method, params);
    }
    return schema;
  }

  /** False when Nest would run enhancers, middleware or global pipes around every field resolver. */
  private fieldsCallableDirectly(): boolean {
    const options = this.graphQLOptions();
    if (!options) return false;
    if ((options.fieldResolverEnhancers ?? []).length > 0) return false;
    if ((options.buildSchemaOptions?.fieldMiddleware ?? []).length > 0) return false;
    return this.config.getGlobalPipes().length === 0 && this.config.getGlobalRequestPipes().length === 0;
  }

  private graphQLOptions(): GqlFieldOptions | undefined {
    try {
      return this.moduleRef.get<GqlFieldOptions>(GRAPHQL_MODULE_OPTIONS, { strict: false });
    } catch {
      return undefined; // no GraphQL module: nothing to call directly
    }
  }
}

/** The method's parameters when each is a plain `@Parent`/`@Args`/`@Context`/`@Info` without pipes, else undefined. */
function directParams(method: FieldResolverMethod): DirectParam[] | undefined {
  const { instance, methodName } = method;
  if (!method.isStatic) return undefined;
  if (hasEntries(Reflect.getMetadata(FIELD_RESOLVER_MIDDLEWARE_METADATA, method.method))) return undefined;
  if (hasEntries(Reflect.getMetadata(PIPES_METADATA, method.method))) return undefined;
  if (hasEntries(Reflect.getMetadata(PIPES_METADATA, instance.constructor))) return undefined;
  const metadata = (Reflect.getMetadata(PARAM_ARGS_METADATA, instance.constructor, methodName) ??
    {}) as Record<string, { index: number; data?: unknown; pipes?: readonly unknown[] }>;
  const entries = Object.entries(metadata);
  if (entries.length === 0) return undefined; // Nest calls a method without parameters directly already
  const params: DirectParam[] = [];
  for (const [key, { index, data, pipes }] of entries) {
    const from = RESOLVER_ARG_OF_PARAM_TYPE[key.split(':')[0]];
    if (from === undefined || hasEntries(pipes)) return undefined;
    if (data !== undefined && typeof data !== 'string') return undefined;
    params.push({ index, from, ...(data ? { data } : {}) });
  }
  return params;
}

/** A graphql-js resolver calling `method` with its parameters taken from the resolver arguments. */
function directResolver(
  { instance, method }: FieldResolverMethod,
  params: readonly DirectParam[],
): GraphQLFieldResolver<unknown, unknown> {
  const length = params.reduce((max, p) => Math.max(max, p.index + 1), 0);
  return function directFieldResolver(...resolverArgs) {
    const args = new Array<unknown>(length);
    for (const { index, from, data } of params) {
      const value = resolverArgs[from] as Record<string, unknown> | undefined;
      args[index] = data !== undefined && value ? value[data] : value;
    }
    const result = method.apply(instance, args);
    return isObservable(result) ? lastValueFrom(result) : result;
  };
}

function hasEntries(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== null;
}
