import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, parse, type DocumentNode } from 'graphql';
import { DEFAULT_GRAPHQL_LIMITS } from '../graphql-limits.options';
import { estimateCost, type CostInput } from './cost-analysis';
import { CostCache } from './cost-cache';

const schema = buildSchema(readFileSync(join(__dirname, '../../test/fixtures/shop.graphql'), 'utf8'));

/** The default model, counting how often a walk reads it (a remembered estimate reads nothing). */
function countingModel(): { model: CostInput['model']; walks: () => number } {
  let reads = 0;
  const base = DEFAULT_GRAPHQL_LIMITS.cost;
  const model = {
    get objectCost() {
      reads++;
      return base.objectCost;
    },
    get scalarCost() {
      reads++;
      return base.scalarCost;
    },
    defaultListSize: base.defaultListSize,
  };
  return { model, walks: () => reads };
}

const QUERY = `query Q($first: Int, $skip: Boolean = false, $text: String!) {
  viewer { id orders(first: $first) @skip(if: $skip) { items { product { stock { available } } } } }
  search(text: $text) { ... on Product { id } }
}`;

function input(
  document: DocumentNode,
  variables: Record<string, unknown>,
  model: CostInput['model'],
): CostInput {
  return { schema, document, operation: getOperationAST(document)!, variables, model };
}

describe('CostCache', () => {
  it('gives what estimateCost gives, for every combination of the variables that matter', () => {
    const document = parse(QUERY);
    const { model } = countingModel();
    const costs = new CostCache();
    const cases = [
      { first: 2, text: 'a' },
      { first: 50, text: 'b' },
      { text: 'c' },
      { first: null, text: 'd' },
      { first: 2, skip: true, text: 'e' },
      { first: 2, skip: false, text: 'f' },
      { first: 'many', text: 'g' },
      { first: 0, text: 'h' },
    ];
    for (const round of [1, 2])
      for (const variables of round === 1 ? cases : [...cases].reverse())
        expect(costs.estimate(input(document, variables, model))).toBe(
          estimateCost(input(document, variables, DEFAULT_GRAPHQL_LIMITS.cost)),
        );
  });

  it('walks a document once per values of the variables it reads, not per request', () => {
    const document = parse(QUERY);
    const { model, walks } = countingModel();
    const costs = new CostCache();
    const first = costs.estimate(input(document, { first: 10, text: 'shoes' }, model));
    const afterOne = walks();
    expect(afterOne).toBeGreaterThan(0);
    // another search text is not a slicing argument nor a condition: the same estimate
    expect(costs.estimate(input(document, { first: 10, text: 'socks' }, model))).toBe(first);
    expect(walks()).toBe(afterOne);
    // another page size is
    expect(costs.estimate(input(document, { first: 20, text: 'socks' }, model))).toBeGreaterThan(first);
    expect(walks()).toBeGreaterThan(afterOne);
  });

  it('keeps estimates per document, operation and schema', () => {
    const { model } = countingModel();
    const costs = new CostCache();
    const two = parse('query A { viewer { id } } query B { viewer { orders(first: 3) { id } } }');
    expect(costs.estimate({ ...input(two, {}, model), operation: getOperationAST(two, 'A')! })).toBe(1);
    expect(costs.estimate({ ...input(two, {}, model), operation: getOperationAST(two, 'B')! })).toBe(2);
    const other = buildSchema(
      readFileSync(join(__dirname, '../../test/fixtures/shop.graphql'), 'utf8').replace(
        'viewer: Viewer @cost(weight: 1)',
        'viewer: Viewer @cost(weight: 7)',
      ),
    );
    expect(
      costs.estimate({ ...input(two, {}, model), schema: other, operation: getOperationAST(two, 'A')! }),
    ).toBe(7);
  });

  it('keeps at most maxPerOperation estimates and none for object values', () => {
    const document = parse('query Q($first: Int) { viewer { orders(first: $first) { id } } }');
    const { model, walks } = countingModel();
    const costs = new CostCache(2);
    for (const first of [1, 2, 3]) costs.estimate(input(document, { first }, model));
    const before = walks();
    costs.estimate(input(document, { first: 3 }, model)); // kept
    expect(walks()).toBe(before);
    costs.estimate(input(document, { first: 1 }, model)); // pushed out by 3
    expect(walks()).toBeGreaterThan(before);
    const objects = walks();
    costs.estimate(input(document, { first: { n: 1 } }, model));
    const once = walks();
    costs.estimate(input(document, { first: { n: 1 } }, model));
    expect(once).toBeGreaterThan(objects);
    expect(walks() - once).toBe(once - objects); // walked again
  });
});
