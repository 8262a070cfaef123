import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { PolicyDocumentSchema } from '@bff/platform';

/**
 * The policy file's check is ajv's standalone code for {@link PolicyDocumentSchema}, generated here and
 * committed (as fastify commits its config validator), so no start compiles the schema. This spec fails when
 * the schema or ajv changed and the file was not regenerated; to regenerate, run
 *   UPDATE_POLICY_VALIDATOR=1 npx jest test/policy-validator.spec.ts
 * and commit the rewritten file.
 */
const FILE = path.join(__dirname, '../libs/platform/src/policy/policy.validator.generated.ts');
const HOW_TO_UPDATE = 'UPDATE_POLICY_VALIDATOR=1 npx jest test/policy-validator.spec.ts';
const HEADER = [
  '// Generated from PolicyDocumentSchema (policy.schema.ts) by ajv standalone code: do not edit. Regenerate with',
  `//   ${HOW_TO_UPDATE}`,
  '/* eslint-disable */',
  '// @ts-nocheck',
  '',
].join('\n');

/** The module's source: every problem reported (allErrors), with the failing schema (verbose) for the messages. */
function generatedSource(): string {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    // the schema is checked against the meta-schema by policy-file.spec.ts
    validateSchema: false,
    code: { source: true, esm: true, lines: true },
  });
  return `${HEADER}${standaloneCode(ajv, ajv.compile(PolicyDocumentSchema))}\n`;
}

describe('the generated policy file check', () => {
  it('is the standalone code of the current schema', () => {
    const source = generatedSource();
    if (process.env.UPDATE_POLICY_VALIDATOR === '1') writeFileSync(FILE, source);
    const committed = readFileSync(FILE, 'utf8');
    if (committed !== source) {
      throw new Error(
        `${path.basename(FILE)} is not the code of the current schema: regenerate with ${HOW_TO_UPDATE}`,
      );
    }
  });
});
