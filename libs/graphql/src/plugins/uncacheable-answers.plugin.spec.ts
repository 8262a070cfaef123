import { ApolloServer, type BaseContext } from '@apollo/server';
import type { GraphQLResolveInfo } from 'graphql';
import { graphQLHardening } from '../graphql-hardening';

const typeDefs = `
  directive @cacheControl(maxAge: Int, scope: CacheControlScope) on FIELD_DEFINITION | OBJECT
  enum CacheControlScope { PUBLIC PRIVATE }
  type Query { hooked: Boolean  cacheable: Int @cacheControl(maxAge: 60) }
`;

/** `hooked` says whether a per-field cache hook ran for it (Apollo's cache control sets `info.cacheControl`). */
const resolvers = {
  Query: {
    hooked: (_s: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo & { cacheControl?: unknown }) =>
      info.cacheControl !== undefined,
    cacheable: () => 1,
  },
};

async function answer(cacheHints: boolean | undefined, query: string, headerBefore?: string) {
  const { plugins } = graphQLHardening({ production: false, cacheHints }).apolloOptions;
  const preset: NonNullable<typeof plugins>[number] = {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (headerBefore) response.http.headers.set('cache-control', headerBefore);
        },
      };
    },
  };
  // the preset runs first: Apollo calls willSendResponse hooks in plugin order
  const server = new ApolloServer<BaseContext>({
    typeDefs,
    resolvers,
    plugins: [preset, ...(plugins ?? [])],
  });
  await server.start();
  try {
    const res = await server.executeOperation({ query });
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    return { data: body?.data, cacheControl: res.http.headers.get('cache-control') };
  } finally {
    await server.stop();
  }
}

describe('uncacheableAnswersPlugins (graphQLHardening without cacheHints)', () => {
  it('answers cache-control: no-store, as Apollo does without hints, with no per-field cache hook', async () => {
    expect(await answer(undefined, '{ hooked }')).toEqual({
      data: { hooked: false },
      cacheControl: 'no-store',
    });
  });

  it('ignores hints: a BFF answer is never cacheable', async () => {
    expect(await answer(undefined, '{ cacheable }')).toEqual({
      data: { cacheable: 1 },
      cacheControl: 'no-store',
    });
  });

  it.each([
    ['max-age=60, public', 'no-store'],
    ['no-store', 'no-store'],
    ['private, no-cache', 'private, no-cache'],
  ])('treats a header already set (%s) as Apollo does: %s', async (before, after) => {
    expect((await answer(undefined, '{ hooked }', before)).cacheControl).toBe(after);
  });

  it('keeps Apollo’s cache control with cacheHints: true', async () => {
    expect(await answer(true, '{ hooked }')).toEqual({ data: { hooked: true }, cacheControl: 'no-store' });
    expect(await answer(true, '{ cacheable }')).toEqual({
      data: { cacheable: 1 },
      cacheControl: 'max-age=60, public',
    });
  });
});
