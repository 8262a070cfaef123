import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getOperationAST, parse, validate } from 'graphql';
import { DEFAULT_GRAPHQL_LIMITS } from '../graphql-limits.options';
import { estimateCost } from './cost-analysis';

const schema = buildSchema(readFileSync(join(__dirname, '../../test/fixtures/shop.graphql'), 'utf8'));

function cost(query: string, variables: Record<string, unknown> = {}, operationName?: string): number {
  const document = parse(query);
  expect(validate(schema, document)).toEqual([]);
  const operation = getOperationAST(document, operationName)!;
  return estimateCost({ schema, document, operation, variables, model: DEFAULT_GRAPHQL_LIMITS.cost });
}

const VIEWER = `query Viewer($first: Int) {
  viewer { id name orders(first: $first) { id total items { quantity product { id name stock { available } } } } }
}`;

describe('estimateCost', () => {
  // viewer 1 + orders (1 + first x items (0 + 5 x (product 1 + stock 1)))
  it.each([
    [{ first: 2 }, 1 + 1 + 2 * 5 * 2],
    [{ first: 50 }, 1 + 1 + 50 * 5 * 2],
    [{}, 1 + 1 + 10 * 5 * 2], // the argument's default value
    [{ first: null }, 1 + 1 + 10 * 5 * 2],
    [{ first: 0 }, 1 + 1],
    [{ first: 'many' }, 1 + 1 + 10 * 5 * 2], // execution rejects it; the estimate falls back to the default
  ])('the viewer query with %j costs %i', (variables, expected) => {
    expect(cost(VIEWER, variables)).toBe(expected);
  });

  it('reads literals and the operation’s variable defaults', () => {
    expect(cost('{ viewer { orders(first: 3) { items { product { id } } } } }')).toBe(1 + 1 + 3 * 5);
    expect(cost('query Q($n: Int = 4) { viewer { orders(first: $n) { id } } }')).toBe(2);
    expect(cost('query Q($n: Int = 4) { viewer { orders(first: $n) { items { product { id } } } } }')).toBe(
      1 + 1 + 4 * 5,
    );
  });

  it('takes the largest slicing argument', () => {
    expect(cost('{ viewer { orders(first: 2, last: 7) { items { product { id } } } } }')).toBe(1 + 1 + 7 * 5);
  });

  it('multiplies a fragment by every alias it is spread under', () => {
    const q = `{ a: viewer { ...V } b: viewer { ...V } c: viewer { ...V } }
      fragment V on Viewer { orders(first: 5) { items { product { id } } } }`;
    expect(cost(q)).toBe(3 * (1 + 1 + 5 * 5));
  });

  it('counts a field selected twice under one response key once, as execution does', () => {
    const q = `{ viewer { ...V ...V orders(first: 5) { id } ... on Viewer { orders(first: 5) { total } } } }
      fragment V on Viewer { orders(first: 5) { items { product { id } } } }`;
    expect(cost(q)).toBe(1 + 1 + 5 * 5);
  });

  it('counts nested fragments and inline fragments', () => {
    const q = `{ viewer { ... on Viewer { orders(first: 2) { ...O } } } }
      fragment O on Order { items { ...I } }
      fragment I on OrderItem { product { ... { stock { available } } } }`;
    expect(cost(q)).toBe(1 + 1 + 2 * 5 * (1 + 1));
  });

  it('applies @skip and @include with the variables', () => {
    const q = `query Q($s: Boolean!, $i: Boolean!) { viewer {
      a: orders(first: 50) @skip(if: $s) { items { product { id } } }
      b: orders(first: 50) @include(if: $i) { items { product { id } } } } }`;
    expect(cost(q, { s: true, i: false })).toBe(1);
    expect(cost(q, { s: false, i: false })).toBe(1 + 1 + 50 * 5);
  });

  it('uses defaults for fields without annotations: objects 1, scalars 0, lists 10', () => {
    // related: [Product] has no annotations: weight 1, size 10, each product 0 + stock 1
    expect(
      cost('{ viewer { orders(first: 1) { items { product { related { stock { available } } } } } } }'),
    ).toBe(1 + 1 + 1 * 5 * (1 + (1 + 10 * 1)));
    expect(cost('{ viewer { tags } }')).toBe(1);
  });

  it('takes the most expensive member of a union', () => {
    // search: assumed 4 hits; a Product hit costs stock 1, an Order hit costs items 0 + 5 x product 1
    const q =
      '{ search(text: "x") { ... on Product { stock { available } } ... on Order { items { product { id } } } } }';
    expect(cost(q)).toBe(1 + 4 * 5);
  });

  it('introspection and __typename cost nothing', () => {
    expect(cost('{ __typename __schema { types { name fields { name } } } viewer { __typename } }')).toBe(1);
  });

  it('costs the chosen operation and mutations alike', () => {
    const q =
      'query A { viewer { id } } mutation B { placeOrder(productId: "p1") { items { product { id } } } }';
    expect(cost(q, {}, 'A')).toBe(1);
    expect(cost(q, {}, 'B')).toBe(1 + 5);
  });

  it('gives up with Infinity on a document too large to walk', () => {
    const spreads = Array.from(
      { length: 16 },
      (_, i) => `fragment F${i} on Product { related { ...F${i + 1} } r: related { ...F${i + 1} } }`,
    );
    const q = `{ search(text: "x") { ...F0 } } ${spreads.join(' ')} fragment F16 on Product { id }`;
    expect(cost(q)).toBe(Infinity);
  });
});
