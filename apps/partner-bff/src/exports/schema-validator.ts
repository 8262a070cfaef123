import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';
import { ValidationError } from '@bff/core';

const ajv = addFormats(new Ajv({ allErrors: false, strict: false }));

/**
 * A validator of one TypeBox schema (ajv, compiled once): the value, typed, or a 400 naming the field.
 * @example const body = validator(CreateExportBody)(raw);
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) naming the first bad or unknown field
 */
export function validator<S extends TSchema>(schema: S): (value: unknown) => Static<S> {
  const validate = ajv.compile(schema);
  return function validateAgainstSchema(value: unknown): Static<S> {
    if (validate(value)) return value as Static<S>;
    throw new ValidationError(describe(validate.errors?.[0]));
  };
}

function describe(error: ErrorObject | undefined): string {
  if (!error) return 'The request body is invalid.';
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'additionalProperties') {
    const field = String((error.params as { additionalProperty: string }).additionalProperty).slice(0, 40);
    return `Unknown field "${path ? `${path}.` : ''}${field}".`;
  }
  if (error.keyword === 'required') {
    return `Missing field "${(error.params as { missingProperty: string }).missingProperty}".`;
  }
  if (!path) return `The request body ${error.message ?? 'is invalid'}.`;
  // A union of formats reports its first branch; say what the field needs instead.
  return `Field "${path}" ${error.keyword === 'anyOf' ? 'is not valid' : (error.message ?? 'is invalid')}.`;
}
