import { DirectFieldResolvers } from '@bff/auth';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import {
  createParamDecorator,
  Injectable,
  Module,
  Scope,
  UsePipes,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import {
  Args,
  Context,
  Field,
  GraphQLModule,
  GraphQLSchemaHost,
  Info,
  Int,
  ObjectType,
  Parent,
  Query,
  ResolveField,
  Resolver,
  type FieldMiddleware,
} from '@nestjs/graphql';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { isObjectType, type GraphQLResolveInfo } from 'graphql';
import { of, type Observable } from 'rxjs';

@ObjectType()
class Item {
  @Field() id!: string;
}

/** Doubles a number argument: a pipe Nest runs, so its field must keep Nest's wrapper. */
@Injectable()
class DoublePipe implements PipeTransform {
  transform(value: unknown) {
    return typeof value === 'number' ? value * 2 : value;
  }
}

const Shout = createParamDecorator((_data: unknown, ctx: ExecutionContext) =>
  String(ctx.getArgByIndex<Item>(0).id).toUpperCase(),
);

const suffix: FieldMiddleware = async (_ctx, next) => `${String(await next())}!`;

@Resolver()
class RootResolver {
  @Query(() => Item)
  item(): Item {
    return { id: 'i1' };
  }
}

@Resolver(() => Item)
class ItemResolver {
  @ResolveField(() => String)
  parentId(@Parent() item: Item): string {
    return item.id;
  }
  @ResolveField(() => String)
  mixed(
    @Args('n', { type: () => Int, defaultValue: 3 }) n: number,
    @Parent() item: Item,
    @Context('tag') tag: string,
    @Info() info: GraphQLResolveInfo,
    @Context() ctx: { tag: string },
  ): string {
    return `${item.id}:${n}:${tag}:${info.fieldName}:${ctx.tag}`;
  }
  @ResolveField(() => String)
  async later(@Parent() item: Item): Promise<string> {
    return `later ${item.id}`;
  }
  @ResolveField(() => String)
  observed(@Parent() item: Item): Observable<string> {
    return of('first', `last ${item.id}`);
  }
  @ResolveField(() => String, { nullable: true })
  fails(@Parent() item: Item): string {
    throw new Error(`field of ${item.id} failed`);
  }
  @ResolveField(() => Int)
  piped(@Args('n', { type: () => Int }, DoublePipe) n: number): number {
    return n;
  }
  @UsePipes(DoublePipe)
  @ResolveField(() => Int)
  methodPiped(@Args('n', { type: () => Int }) n: number): number {
    return n;
  }
  @ResolveField(() => String)
  shouted(@Shout() id: string): string {
    return id;
  }
  @ResolveField(() => String, { middleware: [suffix] })
  withMiddleware(@Parent() item: Item): string {
    return item.id;
  }
}

@Resolver(() => Item)
@Injectable({ scope: Scope.REQUEST })
class ScopedItemResolver {
  @ResolveField(() => String)
  scoped(@Parent() item: Item): string {
    return `scoped ${item.id}`;
  }
}

const QUERY = `{ item { id parentId mixed(n: 5) defaulted: mixed later observed fails piped(n: 4)
  methodPiped(n: 4) shouted withMiddleware scoped } }`;

const EXPECTED = {
  data: {
    item: {
      id: 'i1',
      parentId: 'i1',
      mixed: 'i1:5:t:mixed:t',
      defaulted: 'i1:3:t:mixed:t',
      later: 'later i1',
      observed: 'last i1',
      fails: null,
      piped: 8,
      methodPiped: 8,
      shouted: 'I1',
      withMiddleware: 'i1!',
      scoped: 'scoped i1',
    },
  },
  errors: [expect.objectContaining({ message: 'field of i1 failed', path: ['item', 'fails'] })],
};

interface Setup {
  /** Apply DirectFieldResolvers.transformSchema. */
  direct: boolean;
  fieldResolverEnhancers?: ('guards' | 'interceptors' | 'filters')[];
  globalPipe?: boolean;
}

async function start({ direct, fieldResolverEnhancers, globalPipe }: Setup): Promise<NestFastifyApplication> {
  @Module({ imports: [DiscoveryModule], providers: [DirectFieldResolvers], exports: [DirectFieldResolvers] })
  class DirectModule {}

  @Module({
    imports: [
      GraphQLModule.forRootAsync<ApolloDriverConfig>({
        driver: ApolloDriver,
        imports: [DirectModule],
        inject: [DirectFieldResolvers],
        useFactory: (resolvers: DirectFieldResolvers) => ({
          autoSchemaFile: true,
          fieldResolverEnhancers,
          context: () => ({ tag: 't' }),
          ...(direct ? { transformSchema: (schema) => resolvers.transformSchema(schema) } : {}),
        }),
      }),
    ],
    providers: [RootResolver, ItemResolver, ScopedItemResolver],
  })
  class AppModule {}

  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), {
    logger: false,
  });
  if (globalPipe) app.useGlobalPipes(new DoublePipe());
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

async function query(app: NestFastifyApplication, q = QUERY): Promise<unknown> {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query: q },
  });
  return res.json();
}

/** The fields of `Item` whose resolver is the direct one. */
function directFields(app: NestFastifyApplication): string[] {
  const type = app.get(GraphQLSchemaHost).schema.getType('Item');
  if (!isObjectType(type)) throw new Error('no Item type');
  return Object.values(type.getFields())
    .filter((f) => f.resolve?.name === 'directFieldResolver')
    .map((f) => f.name);
}

describe('DirectFieldResolvers', () => {
  const apps: NestFastifyApplication[] = [];
  const started = async (setup: Setup) => {
    const app = await start(setup);
    apps.push(app);
    return app;
  };
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('answers exactly as Nest does without it', async () => {
    const nest = await query(await started({ direct: false }));
    expect(nest).toEqual(EXPECTED);
    expect(await query(await started({ direct: true }))).toEqual(nest);
  });

  it('calls directly only the fields with plain @Parent/@Args/@Context/@Info parameters and no pipes or middleware', async () => {
    const app = await started({ direct: true });
    expect(directFields(app).sort()).toEqual(['fails', 'later', 'mixed', 'observed', 'parentId']);
  });

  it.each<[string, Setup]>([
    ['fieldResolverEnhancers is set', { direct: true, fieldResolverEnhancers: ['guards'] }],
    ['a global pipe is registered', { direct: true, globalPipe: true }],
  ])('leaves every field to Nest when %s', async (_name, setup) => {
    const app = await started(setup);
    expect(directFields(app)).toEqual([]);
    if (setup.globalPipe) {
      const body = (await query(app, '{ item { piped(n: 1) parentId } }')) as { data: unknown };
      expect(body.data).toEqual({ item: { piped: 4, parentId: 'i1' } }); // the global pipe doubled once more
    }
  });
});
