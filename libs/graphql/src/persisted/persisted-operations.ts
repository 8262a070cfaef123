import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  print,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';

/** One trusted operation: its id is the sha256 (hex) of `body`, the exact text clients hash and send. */
export interface PersistedOperation {
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
}

/** A trusted documents manifest, in Apollo's persisted query manifest format. */
export interface PersistedOperationManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: PersistedOperation[];
}

/** A `.graphql` file of a client's operations folder. */
export interface OperationSource {
  /** File name, used in error messages. */
  name: string;
  body: string;
}

/** The id of a document: sha256 of its UTF-8 text, lowercase hex (what APQ clients send as `sha256Hash`). */
export function operationId(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Reads every `*.graphql` file of a folder, sorted by name.
 * @example const sources = readOperationSources('apps/web-bff/operations');
 */
export function readOperationSources(dir: string): OperationSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((name) => ({ name, body: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Builds the manifest of a client's operations: one entry per named operation, whose body is the operation
 * printed canonically (graphql-js `print`) followed by the fragments it uses, in name order. Fragments may live
 * in any of the files. Sorted by operation name, so the output is stable.
 * @throws Error on anonymous or duplicate operations, duplicate or unknown fragments, or a syntax error
 */
export function buildPersistedOperationManifest(
  sources: readonly OperationSource[],
): PersistedOperationManifest {
  const operations: OperationDefinitionNode[] = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const source of sources) {
    let defs: readonly DefinitionNode[];
    try {
      defs = parse(source.body, { noLocation: true }).definitions;
    } catch (err) {
      throw new Error(`${source.name}: ${(err as Error).message}`);
    }
    for (const def of defs) {
      if (def.kind === Kind.OPERATION_DEFINITION) {
        if (!def.name) throw new Error(`${source.name}: every persisted operation needs a name`);
        operations.push(def);
      } else if (def.kind === Kind.FRAGMENT_DEFINITION) {
        if (fragments.has(def.name.value))
          throw new Error(`${source.name}: fragment ${def.name.value} is defined twice`);
        fragments.set(def.name.value, def);
      } else {
        throw new Error(`${source.name}: only operations and fragments belong in an operations folder`);
      }
    }
  }
  const seen = new Set<string>();
  const entries = operations.map((op): PersistedOperation => {
    const name = op.name!.value;
    if (seen.has(name)) throw new Error(`operation ${name} is defined twice`);
    seen.add(name);
    const used = usedFragments(op, fragments, name);
    const body = [op, ...[...used].sort().map((f) => fragments.get(f)!)].map((d) => print(d)).join('\n\n');
    return { id: operationId(body), name, type: op.operation, body };
  });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: entries };
}

function usedFragments(
  op: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  opName: string,
): Set<string> {
  const used = new Set<string>();
  const pending: Array<OperationDefinitionNode | FragmentDefinitionNode> = [op];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(node) {
        const name = node.name.value;
        if (used.has(name)) return;
        const fragment = fragments.get(name);
        if (!fragment) throw new Error(`operation ${opName} uses unknown fragment ${name}`);
        used.add(name);
        pending.push(fragment);
      },
    });
  }
  return used;
}

/**
 * Validates a manifest read from JSON: the format, and that every id is the sha256 of its body.
 * @throws TypeError naming the first problem
 */
export function parsePersistedOperationManifest(json: unknown): PersistedOperationManifest {
  const m = json as Partial<PersistedOperationManifest> | null;
  if (!m || m.format !== 'apollo-persisted-query-manifest' || m.version !== 1 || !Array.isArray(m.operations))
    throw new TypeError(
      'persisted operations manifest: expected format "apollo-persisted-query-manifest", version 1',
    );
  for (const [i, op] of m.operations.entries()) {
    if (!op || typeof op.body !== 'string' || typeof op.id !== 'string')
      throw new TypeError(`persisted operations manifest: operation ${i} needs an id and a body`);
    if (operationId(op.body) !== op.id)
      throw new TypeError(
        `persisted operations manifest: operation ${op.name ?? i} has an id that is not the sha256 of its body`,
      );
  }
  return m as PersistedOperationManifest;
}
