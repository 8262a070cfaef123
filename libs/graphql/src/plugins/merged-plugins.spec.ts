import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { mergeApolloPlugins } from './merged-plugins';

const typeDefs = `type Query { hello: String  traced: Boolean }`;
const resolvers = {
  Query: {
    hello: () => 'world',
    // Apollo wraps resolvers (and sets this) only when some listener has willResolveField
    traced: (_s: unknown, _a: unknown, _c: unknown, info: GraphQLResolveInfo & { cacheControl?: unknown }) =>
      info.cacheControl !== undefined,
  },
};

/** A plugin that records which of its hooks ran, in order, into `log` under its name. */
function recorder(name: string, log: string[], extra: Record<string, unknown> = {}): ApolloServerPlugin {
  return {
    async requestDidStart() {
      log.push(`${name}:requestDidStart`);
      return {
        async didResolveSource() {
          log.push(`${name}:didResolveSource`);
        },
        async validationDidStart() {
          log.push(`${name}:validationDidStart`);
          return async () => void log.push(`${name}:validationDidEnd`);
        },
        async didResolveOperation() {
          log.push(`${name}:didResolveOperation`);
        },
        async executionDidStart() {
          log.push(`${name}:executionDidStart`);
          return { executionDidEnd: async () => void log.push(`${name}:executionDidEnd`) };
        },
        async willSendResponse() {
          log.push(`${name}:willSendResponse`);
        },
        ...extra,
      };
    },
  };
}

async function run(plugins: ApolloServerPlugin[], query = '{ hello }') {
  const server = new ApolloServer<BaseContext>({ typeDefs, resolvers, plugins });
  await server.start();
  try {
    const res = await server.executeOperation({ query });
    return { status: res.http.status, body: res.body.kind === 'single' ? res.body.singleResult : undefined };
  } finally {
    await server.stop();
  }
}

describe('mergeApolloPlugins', () => {
  it('runs every hook of every listener in the same order as Apollo does unmerged', async () => {
    const apart: string[] = [];
    const merged: string[] = [];
    const answerApart = await run(['a', 'b', 'c'].map((n) => recorder(n, apart)));
    const answerMerged = await run(mergeApolloPlugins(['a', 'b', 'c'].map((n) => recorder(n, merged))));
    expect(answerMerged).toEqual(answerApart);
    expect(answerMerged.body?.data).toEqual({ hello: 'world' });
    expect(merged).toEqual(apart);
    expect(merged).toContain('c:validationDidEnd');
    expect(merged.filter((h) => h.endsWith(':executionDidEnd'))).toHaveLength(3);
  });

  it('makes one plugin of the listening ones; server plugins and disabled markers stay as they are', () => {
    const log: string[] = [];
    const server: ApolloServerPlugin = { async serverWillStart() {} };
    const disabled = ApolloServerPluginCacheControlDisabled();
    const out = mergeApolloPlugins([recorder('a', log), server, disabled, recorder('b', log)]);
    expect(out).toHaveLength(3);
    expect(out[1]).toBe(server);
    expect(out[2]).toBe(disabled);
    const single = [recorder('a', log)];
    expect(mergeApolloPlugins(single)).toEqual(single);
  });

  it('fails the stage with a listener rejection, as an error answer, after every listener was called', async () => {
    const log: string[] = [];
    const refusing = recorder('refusing', log, {
      async didResolveOperation() {
        log.push('refusing:didResolveOperation');
        throw new GraphQLError('refused', { extensions: { code: 'REFUSED', http: { status: 400 } } });
      },
    });
    const { status, body } = await run(mergeApolloPlugins([refusing, recorder('after', log)]));
    expect(status).toBe(400);
    expect(body?.errors?.[0]).toMatchObject({ message: 'refused', extensions: { code: 'REFUSED' } });
    expect(log).toContain('after:didResolveOperation');
    expect(log).not.toContain('after:executionDidStart');
  });

  it('turns a synchronous throw of a hook into the same error answer', async () => {
    const log: string[] = [];
    const throwing: ApolloServerPlugin = {
      requestDidStart: () =>
        Promise.resolve({
          didResolveOperation: () => {
            throw new GraphQLError('sync refusal', {
              extensions: { code: 'REFUSED', http: { status: 400 } },
            });
          },
        }),
    };
    const { status, body } = await run(mergeApolloPlugins([throwing, recorder('b', log)]));
    expect(status).toBe(400);
    expect(body?.errors?.[0]?.message).toBe('sync refusal');
  });

  it('asks responseForOperation in turn until one answers, and skips execution then', async () => {
    const log: string[] = [];
    const answering = recorder('answering', log, {
      async responseForOperation() {
        log.push('answering:responseForOperation');
        return {
          http: { status: 200, headers: new Map() },
          body: { kind: 'single', singleResult: { data: { hello: 'cached' } } },
        };
      },
    });
    const later = recorder('later', log, {
      async responseForOperation() {
        log.push('later:responseForOperation');
        return null;
      },
    });
    const { body } = await run(mergeApolloPlugins([answering, later]));
    expect(body?.data).toEqual({ hello: 'cached' });
    expect(log).toContain('answering:responseForOperation');
    expect(log).not.toContain('later:responseForOperation');
    expect(log).not.toContain('answering:executionDidStart');
  });

  it("keeps a listener's willResolveField, and adds none when no listener has one", async () => {
    const resolved: string[] = [];
    const fieldHook = recorder('fields', [], {
      async executionDidStart() {
        return {
          willResolveField({ info }: { info: GraphQLResolveInfo }) {
            return () => void resolved.push(info.fieldName);
          },
        };
      },
    });
    await run(mergeApolloPlugins([recorder('a', []), fieldHook]), '{ hello }');
    expect(resolved).toEqual(['hello']);
    const plain = await run(
      [
        ApolloServerPluginCacheControlDisabled(),
        ...mergeApolloPlugins([recorder('a', []), recorder('b', [])]),
      ],
      '{ traced }',
    );
    expect(plain.body?.data).toEqual({ traced: false });
  });
});
