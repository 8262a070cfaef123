// Validates the OpenAPI document read from stdin with @seriousme/openapi-schema-validator (ESM only, hence a
// process of its own) and prints `{ valid, version, errors }`.
import { Validator } from '@seriousme/openapi-schema-validator';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const validator = new Validator();
const result = await validator.validate(JSON.parse(input));
process.stdout.write(
  JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] }),
);
