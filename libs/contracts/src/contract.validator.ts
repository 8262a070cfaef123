import { ValidationError } from '@bff/core';
import type { TObject, TSchema } from '@sinclair/typebox';
import type Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';

/** Where a value sits in the request, as a detail names it. */
export type RequestPart = 'path' | 'query' | 'header' | 'body';

const NOUN: Readonly<Record<RequestPart, string>> = {
  path: 'path parameter',
  query: 'query parameter',
  header: 'header',
  body: 'body field',
};

/**
 * One ajv and the validators it compiled, keyed by the schema's JSON: routes and documents repeating a schema
 * (a shared header, a body in two versions) compile it once. Made with the first schema, so an app without
 * contracts never loads ajv.
 */
class SchemaCompiler {
  private ajv?: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  /**
   * @param checkedBy the compiler whose ajv checks each schema against the JSON Schema meta-schema; without one,
   *   this compiler's own ajv does. ajv compiles the meta-schema once per instance (about 100 ms, most of what
   *   the first contract costs at start-up), so the two compilers share one.
   */
  constructor(
    private readonly coerceTypes: boolean,
    private readonly checkedBy?: SchemaCompiler,
  ) {}

  compile(schema: TSchema | object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      this.checkedBy?.checkSchema(schema);
      validate = this.instance().compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** @throws Error from ajv ("schema is invalid: ...") when `schema` breaks the meta-schema */
  private checkSchema(schema: TSchema | object): void {
    this.instance().validateSchema(schema, true);
  }

  private instance(): Ajv2020 {
    return (this.ajv ??= newAjv(this.coerceTypes, this.checkedBy === undefined));
  }
}

function newAjv(coerceTypes: boolean, validateSchema: boolean): Ajv2020 {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Ajv = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  // strict: a schema keyword ajv does not know is a startup error, not a silently ignored rule
  const ajv = new Ajv({ strict: true, coerceTypes, allErrors: false, useDefaults: false, validateSchema });
  addFormats(ajv);
  return ajv;
}

/** A JSON body is typed already: `"2"` where a number is due is an error, never a conversion. */
const exact = new SchemaCompiler(false);
/**
 * Path and query values arrive as strings: they are coerced to the schema's types (`"5"` → 5). Their schemas
 * are checked against the meta-schema by {@link exact}'s ajv (which coerces nothing).
 */
const coercing = new SchemaCompiler(true, exact);

/**
 * Checks one part of a request against its schema and returns the (coerced) value.
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) naming the field and the rule it breaks
 */
export type RequestValidator = (value: unknown) => unknown;

/**
 * Compiles the validator of one request part (at decoration time, so a bad schema stops the app at startup).
 * Query and path values are coerced from strings; a repeated query parameter (an array where the schema wants
 * one value) is refused as such.
 * @throws Error from ajv when the schema is invalid
 */
export function compileRequestValidator(part: RequestPart, schema: TSchema): RequestValidator {
  const validate = (part === 'body' ? exact : coercing).compile(schema);
  return function validateRequestPart(value: unknown): unknown {
    // ajv coerces the properties of the object it is given: never the framework's own request object
    const data = part === 'body' ? value : { ...(value as object | undefined) };
    if (validate(data)) return data;
    throw new ValidationError(describe(part, validate, data));
  };
}

/**
 * Compiles the check of the request headers a contract declares (`Type.Object({ 'Idempotency-Key': ... })`),
 * given the raw name/value list (Node joins a repeated header into one value; this sees each): the declared
 * ones are read case-insensitively, coerced and validated, a repeated one is refused; the others are not looked at.
 * @throws Error from ajv when the schema is invalid
 */
export function compileHeaderValidator(schema: TObject): (rawHeaders: readonly string[]) => void {
  const validate = compileRequestValidator('header', schema);
  const names = new Map(Object.keys(schema.properties).map((name) => [name.toLowerCase(), name]));
  return function validateHeaders(rawHeaders: readonly string[]): void {
    const declared: Record<string, unknown> = {};
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = names.get(rawHeaders[i].toLowerCase());
      if (name === undefined) continue;
      const seen = declared[name];
      declared[name] = seen === undefined ? rawHeaders[i + 1] : [seen, rawHeaders[i + 1]].flat();
    }
    validate(declared);
  };
}

/** A compiled check of a response body (or an example), for tests and for the document builder. */
export function compileSchema(schema: TSchema | object): ValidateFunction {
  return exact.compile(schema);
}

/** One sentence naming the field, the rule and what is allowed; never quotes the client's value. */
function describe(part: RequestPart, validate: ValidateFunction, data: unknown): string {
  const errors = validate.errors ?? [];
  const first = errors[0];
  if (first === undefined) return `The ${NOUN[part]}s are invalid.`;
  const noun = NOUN[part];
  if (first.keyword === 'additionalProperties') {
    const field = fieldName(first.instancePath, String(first.params.additionalProperty));
    return `Unknown ${noun} "${field}" (rule: additionalProperties).`;
  }
  if (first.keyword === 'required') {
    const field = fieldName(first.instancePath, String(first.params.missingProperty));
    return `${capital(noun)} "${field}" is required (rule: required).`;
  }
  const field = fieldName(first.instancePath);
  if (field === '')
    return `The request ${part === 'body' ? 'body' : `${noun}s`} ${first.message} (rule: ${first.keyword}).`;
  if (part !== 'body' && first.keyword === 'type' && Array.isArray(valueAt(data, first.instancePath))) {
    return `${capital(noun)} "${field}" must appear once (rule: type).`;
  }
  const choices = allowedValues(errors, first.instancePath);
  if (choices !== undefined) return `${capital(noun)} "${field}" must be one of ${choices} (rule: enum).`;
  return `${capital(noun)} "${field}" ${first.message ?? 'is invalid'} (rule: ${first.keyword}).`;
}

/** `enum`, or an `anyOf` of constants (TypeBox's literal unions): the allowed values, listed. */
function allowedValues(errors: readonly ErrorObject[], at: string): string | undefined {
  const here = errors.filter((e) => e.instancePath === at);
  const en = here.find((e) => e.keyword === 'enum');
  if (en) return (en.params.allowedValues as unknown[]).map(String).join(', ');
  const consts = here.filter((e) => e.keyword === 'const').map((e) => String(e.params.allowedValue));
  return consts.length > 0 && here.some((e) => e.keyword === 'anyOf') ? consts.join(', ') : undefined;
}

/** `/items/0/productId` → `items[0].productId`; a client-sent name is cut to 40 printable characters. */
function fieldName(instancePath: string, last?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (last !== undefined) segments.push(last);
  let out = '';
  for (const raw of segments) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(segment) ? `[${segment}]` : `${out === '' ? '' : '.'}${segment}`;
  }
  return out.replace(/[^\x20-\x7E]|["\\]/g, '?').slice(0, 40);
}

function valueAt(data: unknown, instancePath: string): unknown {
  let at: unknown = data;
  for (const segment of instancePath.split('/').slice(1)) at = (at as Record<string, unknown>)?.[segment];
  return at;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
