import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory } from '@nestjs/graphql';
import { parse, validate, type GraphQLSchema } from 'graphql';
import {
  buildPersistedOperationManifest,
  checkSchema,
  estimateCost,
  printSchemaSdl,
  readOperationSources,
  resolveGraphQLLimits,
} from '@bff/graphql';
import { WEB_BFF_RESOLVERS } from '../apps/web-bff/src/graphql/resolvers';

/**
 * The web-bff's committed GraphQL artifacts stay in step with the code: the SDL (apps/web-bff/schema.graphql)
 * and the trusted documents manifest built from apps/web-bff/operations/*.graphql. To accept a change, run
 *   UPDATE_GRAPHQL_ARTIFACTS=1 npx jest test/web-bff-graphql-artifacts.spec.ts
 * and commit the rewritten files (a breaking schema change needs the web app's agreement first).
 */
const APP = join(__dirname, '../apps/web-bff');
const SCHEMA_FILE = join(APP, 'schema.graphql');
const OPERATIONS_DIR = join(APP, 'operations');
const MANIFEST_FILE = join(OPERATIONS_DIR, 'persisted-operations.json');
const UPDATE = process.env.UPDATE_GRAPHQL_ARTIFACTS === '1';
const HOW_TO_ACCEPT =
  'accept with: UPDATE_GRAPHQL_ARTIFACTS=1 npx jest test/web-bff-graphql-artifacts.spec.ts';

async function buildSchema(): Promise<GraphQLSchema> {
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  await app.init();
  try {
    return await app.get(GraphQLSchemaFactory).create(WEB_BFF_RESOLVERS);
  } finally {
    await app.close();
  }
}

describe('web-bff GraphQL artifacts', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => (schema = await buildSchema()));

  it('the committed schema.graphql is the generated one', async () => {
    const generated = printSchemaSdl(schema);
    if (UPDATE) writeFileSync(SCHEMA_FILE, generated);
    const result = await checkSchema(readFileSync(SCHEMA_FILE, 'utf8'), generated);
    if (result.changed) {
      const lines = result.changes.map((c) => `  ${c.level}: ${c.message}`).join('\n');
      const kind = result.breaking.length > 0 ? 'BREAKING schema change' : 'schema change';
      throw new Error(`${kind} against apps/web-bff/schema.graphql:\n${lines}\n${HOW_TO_ACCEPT}`);
    }
  });

  it('public type names are clean (no Model suffix)', () => {
    const names = Object.keys(schema.getTypeMap()).filter((n) => !n.startsWith('__'));
    expect(names.filter((n) => /Model$|Input$|Dto$/.test(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['Viewer', 'Order', 'OrderItem', 'Product', 'Stock']));
  });

  it('the committed trusted documents manifest is built from apps/web-bff/operations', () => {
    const manifest = buildPersistedOperationManifest(readOperationSources(OPERATIONS_DIR));
    const generated = `${JSON.stringify(manifest, null, 2)}\n`;
    if (UPDATE) writeFileSync(MANIFEST_FILE, generated);
    const committed = readFileSync(MANIFEST_FILE, 'utf8');
    if (committed !== generated)
      throw new Error(`apps/web-bff/operations/persisted-operations.json is stale; ${HOW_TO_ACCEPT}`);
    expect(manifest.operations.map((o) => o.name)).toEqual(expect.arrayContaining(['Viewer']));
  });

  it('every persisted operation is valid against the schema and within the default cost', () => {
    const limits = resolveGraphQLLimits();
    const manifest = buildPersistedOperationManifest(readOperationSources(OPERATIONS_DIR));
    for (const op of manifest.operations) {
      const document = parse(op.body);
      expect({ name: op.name, errors: validate(schema, document) }).toEqual({ name: op.name, errors: [] });
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')!;
      const cost = estimateCost({
        schema,
        document,
        operation: operation as never,
        variables: { first: 50 },
        model: limits.cost,
      });
      expect(cost).toBeLessThanOrEqual(limits.maxCost);
    }
  });

  it('the viewer query costs 2 + 10 per order (the cost annotations of the schema)', () => {
    const limits = resolveGraphQLLimits();
    const viewer = buildPersistedOperationManifest(readOperationSources(OPERATIONS_DIR)).operations.find(
      (o) => o.name === 'Viewer',
    )!;
    const document = parse(viewer.body);
    const operation = document.definitions[0] as never;
    const cost = (first?: number) =>
      estimateCost({
        schema,
        document,
        operation,
        variables: first === undefined ? {} : { first },
        model: limits.cost,
      });
    expect([cost(1), cost(2), cost(), cost(50)]).toEqual([12, 22, 102, 502]);
  });
});
