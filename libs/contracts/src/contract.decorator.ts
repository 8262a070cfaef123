import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Scopes } from '@bff/auth';
import type { TSchema } from '@sinclair/typebox';
import { ContractValidationInterceptor } from './contract-validation.interceptor';
import type { ContractSpec } from './contract.types';
import { compileHeaderValidator, compileRequestValidator, type RequestValidator } from './contract.validator';
import { CONTRACT_KEY } from './contracts.constants';

/** What `@Contract()` stores: the declaration and the validators compiled from it once. */
export interface CompiledContract {
  readonly spec: ContractSpec;
  readonly validate: {
    readonly path?: RequestValidator;
    readonly query?: RequestValidator;
    readonly headers?: (rawHeaders: readonly string[]) => void;
    readonly body?: RequestValidator;
  };
}

/**
 * Declares a route's contract once: path parameters, query, body and answers as TypeBox schemas (JSON Schema
 * 2020-12, OpenAPI 3.1's own dialect). The request is validated after admission and before the handler (unknown
 * query parameters and body fields, and values breaking a rule, are a 400 problem+json naming the field); the
 * handler reads the validated, typed values with `@Query()`, `@Param()`, `@Body()`; the OpenAPI document of the
 * route's version is built from the same schemas. Request objects must be closed (`additionalProperties: false`),
 * checked here, so an unknown field can never pass silently.
 *
 * @example
 * const ListOrdersQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
 *   { additionalProperties: false });
 * @Get()
 * @Contract({ summary: 'List orders', query: ListOrdersQuery, responses: { 200: OrderPage }, scopes: ['orders:read'] })
 * list(@Query() query: Static<typeof ListOrdersQuery>) {}
 * @throws TypeError at decoration time for an open request object or a scope that is not a scope token;
 *   Error from ajv for an invalid schema
 */
export function Contract(spec: ContractSpec): MethodDecorator {
  if (typeof spec?.summary !== 'string' || spec.summary === '') {
    throw new TypeError('@Contract(): summary is required');
  }
  if (!spec.responses || Object.keys(spec.responses).length === 0) {
    throw new TypeError(`@Contract(${spec.summary}): at least one response is required`);
  }
  const validate: CompiledContract['validate'] = {
    path: compiled('path', spec.params, spec.summary),
    query: compiled('query', spec.query, spec.summary),
    headers: spec.headers && compileHeaderValidator(spec.headers),
    body: compiled('body', spec.body, spec.summary),
  };
  const contract: CompiledContract = Object.freeze({ spec, validate });
  const decorators = [SetMetadata(CONTRACT_KEY, contract), UseInterceptors(ContractValidationInterceptor)];
  if (spec.scopes && spec.scopes.length > 0) decorators.push(Scopes(...spec.scopes));
  return applyDecorators(...decorators);
}

function compiled(
  part: 'path' | 'query' | 'body',
  schema: TSchema | undefined,
  summary: string,
): RequestValidator | undefined {
  if (schema === undefined) return undefined;
  const open = openObjectAt(schema, part);
  if (open !== undefined) {
    throw new TypeError(
      `@Contract(${summary}): ${open} must be closed with additionalProperties: false (unknown fields are refused)`,
    );
  }
  return compileRequestValidator(part, schema);
}

/** The first object schema in `schema` that lets unknown properties through, or undefined. */
function openObjectAt(schema: unknown, at: string): string | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const s = schema as Record<string, unknown>;
  if ((s.type === 'object' || s.properties !== undefined) && s.additionalProperties === undefined) return at;
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const open = openObjectAt(child, `${at}.${key}`);
    if (open) return open;
  }
  for (const key of ['items', 'additionalProperties'] as const) {
    const open = openObjectAt(s[key], `${at}[]`);
    if (open) return open;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    for (const child of (s[key] as unknown[] | undefined) ?? []) {
      const open = openObjectAt(child, at);
      if (open) return open;
    }
  }
  return undefined;
}
