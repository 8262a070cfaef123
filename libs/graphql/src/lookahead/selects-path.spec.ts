import { buildSchema, graphql, type GraphQLResolveInfo } from 'graphql';
import { selectsPath } from './selects-path';

const schema = buildSchema(`
  type Stock { available: Int }
  type Product { id: ID  stock: Stock }
  type Item { quantity: Int  product: Product }
  type Order { id: ID  items: [Item] }
  type Query { orders: [Order] }
`);

/** What `selectsPath` says on the `orders` field of `query`, for each path. */
async function selected(query: string, variableValues?: Record<string, unknown>) {
  let info: GraphQLResolveInfo | undefined;
  const rootValue = {
    orders: (_args: unknown, _ctx: unknown, i: GraphQLResolveInfo) => {
      info = i;
      return [];
    },
  };
  const result = await graphql({ schema, source: query, rootValue, variableValues });
  expect(result.errors).toBeUndefined();
  return {
    product: selectsPath(info!, ['items', 'product']),
    stock: selectsPath(info!, ['items', 'product', 'stock']),
  };
}

describe('selectsPath', () => {
  it('follows fields under any alias', async () => {
    expect(await selected('{ orders { items { p: product { id } } } }')).toEqual({
      product: true,
      stock: false,
    });
    expect(await selected('{ orders { items { product { stock { available } } } } }')).toEqual({
      product: true,
      stock: true,
    });
    expect(await selected('{ orders { id items { quantity } } }')).toEqual({ product: false, stock: false });
  });

  it('follows inline fragments and fragment spreads', async () => {
    expect(
      await selected(
        'query { orders { ...O } } fragment O on Order { items { ... on Item { product { ...P } } } } fragment P on Product { stock { available } }',
      ),
    ).toEqual({ product: true, stock: true });
  });

  it('honours @skip and @include, literal or variable', async () => {
    expect(await selected('{ orders { items { product @skip(if: true) { id } } } }')).toEqual({
      product: false,
      stock: false,
    });
    const query =
      'query ($stock: Boolean!) { orders { items { product { id stock @include(if: $stock) { available } } } } }';
    expect(await selected(query, { stock: false })).toEqual({ product: true, stock: false });
    expect(await selected(query, { stock: true })).toEqual({ product: true, stock: true });
  });
});
