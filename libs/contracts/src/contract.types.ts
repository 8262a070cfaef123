import type { TObject, TSchema } from '@sinclair/typebox';

/** A response header an answer carries, e.g. `Location` of a 201. */
export interface ContractResponseHeader {
  /** One line for the document. */
  description: string;
  /** The value's schema. Default is a string. */
  schema?: TSchema;
  /** Every answer with this status has it (the contract tests check). Default is false. */
  required?: boolean;
}

/** One documented answer of an operation: its body schema (none for 204) and what it means. */
export interface ContractResponse {
  /** Body schema; omit for an answer without a body. For a non-JSON `contentType`, the schema of the payload. */
  schema?: TSchema;
  /** Media type of the body, e.g. `application/x-ndjson`. Default is `application/json`. */
  contentType?: string;
  /** Headers of this answer besides the framework's (RateLimit, deprecation), by name as written. */
  headers?: Readonly<Record<string, ContractResponseHeader>>;
  /** One line for the document. Default is the status's reason phrase. */
  description?: string;
  /** An example body; checked against `schema` when the document is built. */
  example?: unknown;
}

/**
 * What `@Contract()` declares about a route: the one source of its validation, its TypeScript types
 * (`Static<typeof schema>`) and its OpenAPI operation.
 */
export interface ContractSpec {
  /** One line for the document (OpenAPI `summary`). */
  summary: string;
  /** Longer text (CommonMark). */
  description?: string;
  /** Stable operation id, e.g. `listOrders`. Default is the controller and method names. */
  operationId?: string;
  /** Document tags. Default is none. */
  tags?: readonly string[];
  /** Path parameters, e.g. `Type.Object({ id: Id })`. Closed: every parameter of the path must be declared. */
  params?: TObject;
  /**
   * Request headers the route reads, e.g. `Type.Object({ 'Idempotency-Key': Type.Optional(Type.String()) })`:
   * documented as header parameters, and the declared ones validated (coerced from strings, one value each;
   * names are case-insensitive). Other headers pass untouched: this object need not be closed.
   */
  headers?: TObject;
  /** Query parameters; closed (unknown ones are a 400 naming them). Values are coerced from strings. */
  query?: TObject;
  /** JSON body; objects in it must be closed (`additionalProperties: false`). Never coerced. */
  body?: TSchema;
  /** An example body; checked against `body` when the document is built. */
  bodyExample?: unknown;
  /** Answers by status: a schema, or a {@link ContractResponse}. Errors (problem+json) are added by the builder. */
  responses: Readonly<Record<number, TSchema | ContractResponse>>;
  /** Client errors this route answers besides the ones every route has (400, 401, 403, 429), e.g. `[404]`. */
  errors?: readonly number[];
  /** Scopes the caller needs; written with `@Scopes()` of `@bff/auth`, so the guard and the document agree. */
  scopes?: readonly string[];
}
