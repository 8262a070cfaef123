import type { TSchema } from '@sinclair/typebox';
import type { ContractResponse } from '../contract.types';
import { compileSchema } from '../contract.validator';
import { describe, HEADERS, headerRef, PROBLEM_SCHEMA, problemResponse } from './openapi.components';
import type { ApiSecurityOptions, ApiVersionOptions, ContractRoute } from './openapi.types';

/** An OpenAPI 3.1 document, as served (plain JSON). */
export type OpenApiDocument = Record<string, unknown> & {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
};

/** One operation of {@link OpenApiDocument}. */
export type OpenApiOperation = Record<string, unknown> & {
  responses: Record<string, Record<string, unknown>>;
};

/** What {@link buildOpenApiDocument} needs besides the routes. */
export interface OpenApiDocumentOptions {
  title: string;
  /** The API version this document describes (`'1'`). */
  version: string;
  versionOptions?: ApiVersionOptions;
  security: ApiSecurityOptions;
  servers?: readonly { url: string; description?: string }[];
}

const API_KEY = 'apiKey';
const OAUTH2 = 'oauth2';

/**
 * The OpenAPI 3.1 document of one API version, from its routes' contracts: parameters, bodies and answers are
 * the contracts' own JSON Schemas (2020-12, OpenAPI 3.1's dialect), errors are problem+json with the catalog's
 * codes, limited routes carry the RateLimit headers, a deprecated version's answers its deprecation headers.
 * Every example is checked against its schema.
 * @example const doc = buildOpenApiDocument(routes.filter((r) => r.version === '2'), { title, version: '2', security });
 * @throws Error naming the route for an example that breaks its schema, a path parameter without a schema, a
 *   scope the security options do not describe, or two operations with one id
 */
export function buildOpenApiDocument(
  routes: readonly ContractRoute[],
  options: OpenApiDocumentOptions,
): OpenApiDocument {
  const deprecation = options.versionOptions?.deprecation;
  const paths: OpenApiDocument['paths'] = {};
  const ids = new Set<string>();
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    const operation = buildOperation(route, options, deprecation !== undefined);
    const id = String(operation.operationId);
    if (ids.has(id)) throw new Error(`OpenAPI: operationId "${id}" is used twice (${route.path})`);
    ids.add(id);
    (paths[route.path] ??= {})[route.method] = operation;
  }
  const info: Record<string, unknown> = { title: options.title, version: options.version };
  if (options.versionOptions?.description) info.description = options.versionOptions.description;
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info,
    ...(options.servers && options.servers.length > 0 ? { servers: [...options.servers] } : {}),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      headers: HEADERS,
      securitySchemes: securitySchemes(options.security),
    },
  };
}

function buildOperation(
  route: ContractRoute,
  options: OpenApiDocumentOptions,
  deprecated: boolean,
): OpenApiOperation {
  const { spec } = route.contract;
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const parameters = [
    ...pathParameters(route, where),
    ...objectParameters(spec.query, 'query'),
    ...objectParameters(spec.headers, 'header'),
  ];
  const operation: OpenApiOperation = {
    operationId: spec.operationId ?? route.name,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.tags && spec.tags.length > 0 ? { tags: [...spec.tags] } : {}),
    ...(deprecated ? { deprecated: true } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    responses: {},
  };
  if (spec.body) {
    checkExample(spec.bodyExample, spec.body, `${where} body`);
    operation.requestBody = {
      required: true,
      content: { 'application/json': withExample({ schema: spec.body }, spec.bodyExample) },
    };
  }
  for (const [status, declared] of Object.entries(spec.responses)) {
    operation.responses[status] = successResponse(Number(status), declared, route, deprecated, where);
  }
  const errors = new Set<number>(spec.errors ?? []);
  if (parameters.length > 0 || spec.body) errors.add(400);
  if (!route.public) [401, 403].forEach((s) => errors.add(s));
  if (route.rateLimited) errors.add(429);
  for (const status of [...errors].sort()) {
    operation.responses[String(status)] ??= withDeprecation(
      problemResponse(status, route.rateLimited),
      deprecated,
    );
  }
  operation.responses.default = withDeprecation(problemResponse('default', route.rateLimited), deprecated);
  if (route.public) {
    operation.security = [];
  } else {
    checkScopes(route.scopes, options.security, where);
    operation.security = [
      ...(options.security.apiKeyHeader ? [{ [API_KEY]: [...route.scopes] }] : []),
      ...(options.security.oauth2 ? [{ [OAUTH2]: [...route.scopes] }] : []),
    ];
  }
  return operation;
}

function successResponse(
  status: number,
  declared: TSchema | ContractResponse,
  route: ContractRoute,
  deprecated: boolean,
  where: string,
): Record<string, unknown> {
  const response: ContractResponse = isContractResponse(declared) ? declared : { schema: declared };
  checkExample(response.example, response.schema, `${where} ${status} example`);
  const headers: Record<string, unknown> = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    headers[name] = {
      description: header.description,
      ...(header.required ? { required: true } : {}),
      schema: header.schema ?? { type: 'string' },
    };
  }
  if (route.rateLimited) {
    headers['RateLimit-Policy'] = headerRef('RateLimit-Policy');
    headers.RateLimit = headerRef('RateLimit');
  }
  return withDeprecation(
    {
      description: response.description ?? describe(status),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: withExample(
                { schema: response.schema },
                response.example,
              ),
            },
          }
        : {}),
    },
    deprecated,
  );
}

/** A deprecated version's answers all carry `Deprecation`, `Sunset` and `Link`. */
function withDeprecation(response: Record<string, unknown>, deprecated: boolean): Record<string, unknown> {
  if (!deprecated) return response;
  const required = (name: keyof typeof HEADERS) => ({ ...headerRef(name), required: true });
  return {
    ...response,
    headers: {
      ...(response.headers as object | undefined),
      Deprecation: required('Deprecation'),
      Sunset: headerRef('Sunset'),
      Link: required('Link'),
    },
  };
}

function pathParameters(route: ContractRoute, where: string): Record<string, unknown>[] {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const declared = route.contract.spec.params?.properties ?? {};
  for (const name of names) {
    if (!Object.hasOwn(declared, name)) {
      throw new Error(
        `OpenAPI: ${where} has path parameter "${name}" without a schema in @Contract({ params })`,
      );
    }
  }
  return objectParameters(route.contract.spec.params, 'path');
}

function objectParameters(
  schema: { properties?: Record<string, TSchema>; required?: string[] } | undefined,
  location: 'path' | 'query' | 'header',
): Record<string, unknown>[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function securitySchemes(security: ApiSecurityOptions): Record<string, unknown> {
  const schemes: Record<string, unknown> = {};
  if (security.apiKeyHeader) {
    schemes[API_KEY] = {
      type: 'apiKey',
      in: 'header',
      name: security.apiKeyHeader,
      description: 'A partner API key; the key carries the partner, its tier and its scopes.',
    };
  }
  if (security.oauth2) {
    schemes[OAUTH2] = {
      type: 'oauth2',
      description: 'A client-credentials access token (`Authorization: Bearer <token>`).',
      flows: {
        clientCredentials: { tokenUrl: security.oauth2.tokenUrl, scopes: { ...security.oauth2.scopes } },
      },
    };
  }
  return schemes;
}

function checkScopes(scopes: readonly string[], security: ApiSecurityOptions, where: string): void {
  if (!security.oauth2) return;
  for (const scope of scopes) {
    if (!Object.hasOwn(security.oauth2.scopes, scope)) {
      throw new Error(
        `OpenAPI: ${where} requires scope "${scope}", which the security options do not describe`,
      );
    }
  }
}

function checkExample(example: unknown, schema: TSchema | undefined, where: string): void {
  if (example === undefined) return;
  if (schema === undefined) throw new Error(`OpenAPI: ${where} has an example but no schema`);
  const validate = compileSchema(schema);
  if (!validate(example)) {
    throw new Error(`OpenAPI: ${where} breaks its schema: ${JSON.stringify(validate.errors?.[0])}`);
  }
}

function withExample(media: { schema: TSchema }, example: unknown): Record<string, unknown> {
  return example === undefined ? media : { ...media, example };
}

const RESPONSE_KEYS = new Set(['schema', 'description', 'example', 'contentType', 'headers']);

function isContractResponse(value: TSchema | ContractResponse): value is ContractResponse {
  const keys = Object.keys(value);
  return keys.length === 0 || keys.every((k) => RESPONSE_KEYS.has(k));
}
