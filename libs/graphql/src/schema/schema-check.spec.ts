import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { checkSchema, printSchemaSdl } from './schema-check';

const fixture = (name: string) => readFileSync(join(__dirname, '../../test/fixtures', name), 'utf8');
const committed = printSchemaSdl(buildSchema(fixture('shop.graphql')));

describe('checkSchema', () => {
  it('finds nothing when the generated schema is the committed one', async () => {
    expect(await checkSchema(committed, printSchemaSdl(buildSchema(fixture('shop.graphql'))))).toEqual({
      changed: false,
      changes: [],
      breaking: [],
    });
  });

  it('reports a removed field as breaking', async () => {
    const generated = printSchemaSdl(buildSchema(fixture('shop-viewer-name-removed.graphql')));
    const result = await checkSchema(committed, generated);
    expect(result.changed).toBe(true);
    expect(result.breaking).toEqual([
      expect.objectContaining({ level: 'BREAKING', type: 'FIELD_REMOVED', path: 'Viewer.name' }),
    ]);
  });

  it('reports a changed field type as breaking', async () => {
    const generated = printSchemaSdl(
      buildSchema(fixture('shop.graphql').replace('total: Float!', 'total: String!')),
    );
    const result = await checkSchema(committed, generated);
    expect(result.breaking).toEqual([
      expect.objectContaining({ type: 'FIELD_TYPE_CHANGED', path: 'Order.total' }),
    ]);
  });

  it('reports an added field as a change that breaks nothing', async () => {
    const generated = printSchemaSdl(
      buildSchema(fixture('shop.graphql').replace('  total: Float!', '  total: Float!\n  note: String')),
    );
    const result = await checkSchema(committed, generated);
    expect(result.changed).toBe(true);
    expect(result.breaking).toEqual([]);
    expect(result.changes).toEqual([expect.objectContaining({ level: 'NON_BREAKING', type: 'FIELD_ADDED' })]);
  });
});
