import { ValidationError } from '@bff/core';
import type { Static, TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

const ajv = addFormats(new Ajv({ allErrors: false, strict: true }));

/**
 * A strict validator of a request body against its TypeBox schema (compiled once, by ajv): the valid body,
 * typed, or a 400 naming the first field at fault (`items/0/quantity must be <= 1000`, `unknown field "note"`).
 * @example const parse = bodyValidator(CreateOrderBodyV1); const body = parse(request.body);
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) from the returned function
 */
export function bodyValidator<S extends TSchema>(schema: S): (body: unknown) => Static<S> {
  const validate = ajv.compile<Static<S>>(schema);
  return function validateBody(body: unknown): Static<S> {
    if (validate(body)) return body;
    throw new ValidationError(describe(validate.errors?.[0]));
  };
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'The body is invalid.';
  const at = error.instancePath.slice(1);
  if (error.keyword === 'additionalProperties') {
    const field = String((error.params as { additionalProperty: string }).additionalProperty).slice(0, 40);
    return `Unknown field "${at ? `${at}/` : ''}${field}".`;
  }
  return `${at || 'The body'} ${error.message ?? 'is invalid'}.`;
}
