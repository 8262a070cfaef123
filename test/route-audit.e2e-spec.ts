import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
} from 'graphql';
import { RouteAudit, type AuditedRoute } from '@bff/auth';
import type { BffConfig, Env } from '@bff/core';
import { signForeignToken } from '@bff/testing';
import { startDemoStack, type DemoStack } from '../apps/demo-upstreams/src/demo-stack';
import { loadConfig as mobileConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { loadConfig as partnerConfig } from '../apps/partner-bff/src/config';
import { PartnerBffModule } from '../apps/partner-bff/src/partner-bff.module';
import { loadConfig as webConfig } from '../apps/web-bff/src/config';
import { WebBffModule } from '../apps/web-bff/src/web-bff.module';
import { startBff, type CallResult, type RunningBff } from './support/bff-harness';

type Starter = (stack: DemoStack, audience: string) => Promise<RunningBff>;
const starter =
  <C extends BffConfig>(loadConfig: (env: Env) => C, module: (c: C) => DynamicModule): Starter =>
  (stack, audience) =>
    startBff({ loadConfig, module, audience, stack });

/** How each BFF of nest-cli.json starts. A BFF missing here fails the first test: it must join the audit. */
const BFFS: Record<string, Starter> = {
  'mobile-bff': starter(mobileConfig, (c) => MobileBffModule.forRoot(c)),
  'web-bff': starter(webConfig, (c) => WebBffModule.forRoot(c)),
  'partner-bff': starter(partnerConfig, (c) => PartnerBffModule.forRoot(c)),
};

/**
 * Every route that may be called without credentials, per app. Adding a public route means adding it here.
 * `GET /status` is the status page's shell (no data); its data, `GET /status/data`, needs scope `bff:status`.
 */
const PUBLIC_ROUTES: Record<string, readonly string[]> = Object.fromEntries(
  Object.keys(BFFS).map((app) => [
    app,
    ['GET /health/live', 'GET /health/ready', 'GET /metrics', 'GET /status'],
  ]),
);
// the partner API's documents and Swagger UI (`@bff/contracts`)
PUBLIC_ROUTES['partner-bff'] = [
  ...PUBLIC_ROUTES['partner-bff'],
  'GET /docs',
  'GET /docs/:name',
  'GET /v1/openapi.json',
  'GET /v2/openapi.json',
];

const apps = Object.entries(
  JSON.parse(readFileSync(join(__dirname, '..', 'nest-cli.json'), 'utf8')).projects as Record<
    string,
    { type: string }
  >,
)
  .filter(([name, p]) => p.type === 'application' && name !== 'demo-upstreams')
  .map(([name]) => name);

const key = (r: AuditedRoute) => `${r.method} ${r.path}`;
/** A concrete URL for a route pattern: every `:param` becomes a well-formed id. */
const concrete = (path: string) => path.replace(/:[A-Za-z_]+/g, 'x1');

describe('route audit: every route of every app has an auth decision (e2e, Nest discovery, real HTTP)', () => {
  let stack: DemoStack;
  const running = new Map<string, RunningBff>();

  beforeAll(async () => {
    stack = await startDemoStack();
    for (const app of apps.filter((a) => BFFS[a])) {
      running.set(app, await BFFS[app](stack, app));
    }
  });
  afterAll(async () => {
    for (const bff of running.values()) await bff.close();
    await stack.close();
  });

  it('knows how to start every BFF of nest-cli.json', () => {
    expect(apps.filter((app) => !BFFS[app])).toEqual([]);
  });

  it('finds REST routes and GraphQL root fields through discovery, with their decisions', () => {
    const web = running.get('web-bff')!.app.get(RouteAudit).routes();
    expect(web).toContainEqual(
      expect.objectContaining({
        transport: 'graphql',
        method: 'Query',
        path: 'viewer',
        handler: 'ViewerResolver.viewer',
      }),
    );
    const partner = running.get('partner-bff')!.app.get(RouteAudit).routes().map(RouteAudit.describe);
    expect(partner).toContain(
      'GET /v1/orders -> authenticated; scopes orders:read; kinds client (PartnerOrdersV1Controller.list)',
    );
  });

  describe.each(apps)('%s', (app) => {
    const routes = (): AuditedRoute[] => running.get(app)!.app.get(RouteAudit).routes();

    it('has a route table, whose public routes are exactly the allow-listed ones', () => {
      expect(routes().length).toBeGreaterThan(PUBLIC_ROUTES[app].length);
      const publicRoutes = routes()
        .filter((r) => r.auth.public)
        .map(key)
        .sort();
      expect(publicRoutes).toEqual([...PUBLIC_ROUTES[app]].sort());
    });

    it('every non-public route refuses no credentials and a forged token with 401', async () => {
      const bff = running.get(app)!;
      const forged = await signForeignToken({
        iss: stack.urls.idp,
        sub: 'u1',
        aud: app,
        exp: Math.floor(Date.now() / 1000) + 300,
      });
      const schema = routes().some((r) => r.transport === 'graphql')
        ? bff.app.get(GraphQLSchemaHost).schema
        : undefined;
      const checked: string[] = [];
      for (const route of routes().filter((r) => !r.auth.public)) {
        for (const [token, code] of [
          [undefined, 'BFF_ERR_AUTH_MISSING'],
          [forged, 'BFF_ERR_AUTH_INVALID_TOKEN'],
        ] as const) {
          const res =
            route.transport === 'rest'
              ? await bff.call(concrete(route.path), {
                  method: route.method as 'GET' | 'POST',
                  token,
                  ...(route.method === 'GET'
                    ? {}
                    : { headers: { 'content-type': 'application/json' }, body: '{}' }),
                })
              : await bff.call('/graphql', {
                  method: 'POST',
                  token,
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify({ query: rootFieldQuery(schema!, route) }),
                });
          expect({ route: key(route), status: res.status, code: codeOf(res) }).toEqual({
            route: key(route),
            status: 401,
            code,
          });
        }
        checked.push(key(route));
      }
      expect(checked.length).toBeGreaterThan(0);
    });
  });
});

function codeOf(res: CallResult): unknown {
  return res.body?.code ?? res.body?.errors?.[0]?.extensions?.code;
}

/** A syntactically complete operation selecting one root field, with a value for each required argument. */
function rootFieldQuery(schema: NonNullable<GraphQLSchemaHost['schema']>, route: AuditedRoute): string {
  const root = route.method === 'Mutation' ? schema.getMutationType() : schema.getQueryType();
  const field = root?.getFields()[route.path] as GraphQLField<unknown, unknown> | undefined;
  if (!field) throw new Error(`${route.path} is not a field of ${route.method}`);
  const args = field.args
    .filter((a: GraphQLArgument) => isNonNullType(a.type))
    .map((a) => `${a.name}: ${literal(a)}`);
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const keyword = route.method === 'Mutation' ? 'mutation' : 'query';
  return `${keyword} { ${route.path}${args.length ? `(${args.join(', ')})` : ''}${selection} }`;
}

function literal(arg: GraphQLArgument): string {
  const type = getNamedType(arg.type);
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isScalarType(type) && (type.name === 'Int' || type.name === 'Float')) return '1';
  if (isScalarType(type) && type.name === 'Boolean') return 'true';
  return '"x1"';
}
