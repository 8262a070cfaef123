import { buildSchema, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** One difference between the committed and the generated schema. */
export interface SchemaChange {
  /** `BREAKING` (clients may fail), `DANGEROUS` (may change behaviour) or `NON_BREAKING`. */
  level: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`, `FIELD_TYPE_CHANGED`. */
  type: string;
  message: string;
  /** Schema coordinate, e.g. `Viewer.email`. */
  path?: string;
}

/** What {@link checkSchema} found. */
export interface SchemaCheck {
  /** False when the printed schemas are identical. */
  changed: boolean;
  changes: SchemaChange[];
  breaking: SchemaChange[];
}

/** The schema as committed SDL: sorted, printed by graphql-js, with a final newline. */
export function printSchemaSdl(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema)).trim()}\n`;
}

/**
 * Compares the committed SDL with the generated one and classifies each change with graphql-inspector's
 * `diff` (removed field, changed type = breaking; added field = non-breaking). For tests and tooling: it loads
 * `@graphql-inspector/core` (a dev dependency) on call.
 * @example const { changed, breaking } = await checkSchema(readFileSync('schema.graphql', 'utf8'), printSchemaSdl(schema));
 */
export async function checkSchema(committedSdl: string, generatedSdl: string): Promise<SchemaCheck> {
  if (committedSdl.trim() === generatedSdl.trim()) return { changed: false, changes: [], breaking: [] };
  const { diff } = await import('@graphql-inspector/core');
  const found = await diff(buildSchema(committedSdl), buildSchema(generatedSdl));
  const changes = found.map((c): SchemaChange => ({
    level: c.criticality.level as SchemaChange['level'],
    type: String(c.type),
    message: c.message,
    ...(c.path ? { path: c.path } : {}),
  }));
  return { changed: true, changes, breaking: changes.filter((c) => c.level === 'BREAKING') };
}
