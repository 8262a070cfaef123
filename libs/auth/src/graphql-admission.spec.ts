import {
  ADMISSION_ORDER,
  AdmissionRegistry,
  BffError,
  formatGraphQLError,
  type AdmissionContext,
  type AdmissionStep,
} from '@bff/core';
import {
  AuthenticateStep,
  Authenticator,
  AuthModule,
  CredentialStrategyRegistry,
  FieldAuthorization,
  GraphQLAdmission,
  PrincipalKinds,
  type CredentialStrategy,
} from '@bff/auth';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Controller, Get, Global, Injectable, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AdminController,
  CodeFilter,
  HealthController,
  OrdersController,
  start,
  ViewerFieldsResolver,
  ViewerResolver,
} from '../test/auth-test-app';
import { TestIdp } from '../test/test-idp';

const AUD = 'test-bff';

/** A stand-in for the rate limiter: a later admission step that reads the principal and may answer 429. */
class QuotaExceededError extends BffError {
  static override readonly code = 'BFF_ERR_RATE_LIMITED';
  static override readonly status = 429;
  static override readonly title = 'Too many requests';
  constructor() {
    super('quota exceeded', { headers: { 'Retry-After': '7' } });
  }
}

@Injectable()
class QuotaStep implements AdmissionStep {
  readonly name = 'quota';
  readonly order = ADMISSION_ORDER.rateLimit;
  /** Subjects seen, one entry per admitted request. */
  readonly seen: (string | undefined)[] = [];
  admit(ctx: AdmissionContext): void {
    this.seen.push(ctx.principal?.subject);
    if (ctx.request.headers['x-test-over-quota'] === '1') throw new QuotaExceededError();
    ctx.response?.header('ratelimit', 'limit=10, remaining=9');
  }
}

/** A lib of its own registering a credential strategy and an admission step from its module. */
@Module({ providers: [QuotaStep], exports: [QuotaStep] })
class QuotaModule {
  constructor(admission: AdmissionRegistry, step: QuotaStep, strategies: CredentialStrategyRegistry) {
    admission.register(step);
    strategies.register(apiKeys);
  }
}

const apiKeys: CredentialStrategy = {
  name: 'test-api-key',
  extractCredentials: (req) =>
    typeof req.headers['x-api-key'] === 'string'
      ? { scheme: 'api-key', value: req.headers['x-api-key'] }
      : undefined,
  supports: (c) => c.scheme === 'api-key',
  authenticate: async (c) => ({ kind: 'client', subject: c.value, scopes: [], method: 'api-key' }),
};

@PrincipalKinds('client')
@Controller('machines')
class MachinesController {
  @Get()
  list() {
    return { ok: true };
  }
  @PrincipalKinds('user', 'client')
  @Get('anyone')
  anyone() {
    return { ok: true };
  }
}

describe('admission', () => {
  let idp: TestIdp;
  let token: (claims?: object) => Promise<string>;
  beforeAll(async () => {
    idp = await TestIdp.start();
    token = (claims = {}) => idp.sign({ sub: 'u1', aud: AUD, scope: 'orders:read', ...claims });
  });
  afterAll(() => idp.close());

  const authRoot = () => {
    @Global()
    @Module({
      imports: [AuthModule.forRoot({ jwt: { issuer: idp.issuer, jwksUrl: idp.jwksUrl, audience: AUD } })],
      exports: [AuthModule],
    })
    class AuthRoot {}
    return AuthRoot;
  };

  describe('over REST', () => {
    let app: NestFastifyApplication;
    let quota: QuotaStep;
    beforeAll(async () => {
      @Module({
        imports: [authRoot(), QuotaModule],
        controllers: [OrdersController, HealthController, AdminController, MachinesController],
        providers: [{ provide: APP_FILTER, useClass: CodeFilter }],
      })
      class RestModule {}
      app = await start(RestModule);
      quota = app.get(QuotaStep);
    });
    afterAll(() => app.close());

    const get = (url: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers });

    it('runs the registered steps in order, each once per request, later ones seeing the principal', async () => {
      expect(app.get(AdmissionRegistry).steps.map((s) => s.name)).toEqual(['authenticate', 'quota']);
      quota.seen.length = 0;
      const res = await get('/orders', { authorization: `Bearer ${await token()}` });
      expect(res.statusCode).toBe(200);
      expect(res.headers.ratelimit).toBe('limit=10, remaining=9');
      expect(quota.seen).toEqual(['u1']);
    });

    it('answers a later step refusal with its status and headers', async () => {
      const res = await get('/orders', {
        authorization: `Bearer ${await token()}`,
        'x-test-over-quota': '1',
      });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.json()).toEqual({ code: 'BFF_ERR_RATE_LIMITED' });
    });

    it('a refused authentication stops admission before later steps', async () => {
      quota.seen.length = 0;
      expect((await get('/orders')).statusCode).toBe(401);
      expect(quota.seen).toEqual([]);
    });

    it('public routes still pass later steps (anonymously)', async () => {
      quota.seen.length = 0;
      expect((await get('/health')).statusCode).toBe(200);
      expect(quota.seen).toEqual([undefined]);
    });

    it.each([
      ['a user token on a client-only route', '/machines', 'user', 403, 'BFF_ERR_FORBIDDEN'],
      ['a client credential on a client-only route', '/machines', 'client', 200, undefined],
      ['a user token where the method allows users', '/machines/anyone', 'user', 200, undefined],
    ])('enforces @PrincipalKinds: %s', async (_name, url, kind, status, code) => {
      const headers: Record<string, string> =
        kind === 'user' ? { authorization: `Bearer ${await token()}` } : { 'x-api-key': 'acme' };
      const res = await get(url, headers);
      expect(res.statusCode).toBe(status);
      if (code) expect(res.json()).toEqual({ code });
    });

    it('asks a strategy registered by another module, which reads its own credentials', async () => {
      const authenticator = app.get(Authenticator);
      expect(authenticator.strategies.map((s) => s.name)).toEqual(['jwt', 'test-api-key']);
      expect((await get('/orders', { 'x-api-key': 'acme' })).json()).toEqual({
        subject: 'acme',
        kind: 'client',
      });
    });
  });

  describe('over GraphQL with GraphQLAdmission', () => {
    let app: NestFastifyApplication;
    let quota: QuotaStep;
    const build = async (anonymous: boolean) => {
      @Module({
        imports: [
          authRoot(),
          QuotaModule,
          GraphQLModule.forRootAsync<ApolloDriverConfig>({
            driver: ApolloDriver,
            inject: [GraphQLAdmission],
            useFactory: (admission: GraphQLAdmission) => ({
              autoSchemaFile: true,
              formatError: formatGraphQLError,
              context: admission.context((req, res) => ({ req, res }), { anonymous }),
              transformSchema: admission.transformSchema,
            }),
          }),
        ],
        providers: [ViewerResolver, ViewerFieldsResolver, { provide: APP_FILTER, useClass: CodeFilter }],
      })
      class GqlModule {}
      return start(GqlModule);
    };

    const gql = (query: string, headers: Record<string, string> = {}) =>
      app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...headers },
        payload: { query },
      });

    describe('a private endpoint', () => {
      beforeAll(async () => {
        app = await build(false);
        quota = app.get(QuotaStep);
      });
      afterAll(() => app.close());

      it('answers HTTP 401 with WWW-Authenticate when no token is sent, even for a public field', async () => {
        for (const query of ['{ viewer { subject } }', '{ ping }']) {
          const res = await gql(query);
          expect(res.statusCode).toBe(401);
          expect(res.headers['www-authenticate']).toBe(`Bearer realm="${AUD}"`);
          expect(res.json()).toEqual({
            errors: [
              { message: expect.any(String), extensions: { code: 'BFF_ERR_AUTH_MISSING', status: 401 } },
            ],
          });
        }
      });

      it('answers a later step refusal as a real HTTP 429 with Retry-After', async () => {
        const res = await gql('{ viewer { subject } }', {
          authorization: `Bearer ${await token()}`,
          'x-test-over-quota': '1',
        });
        expect(res.statusCode).toBe(429);
        expect(res.headers['retry-after']).toBe('7');
        expect(res.json().errors[0].extensions).toEqual({ code: 'BFF_ERR_RATE_LIMITED', status: 429 });
      });

      it('admits once per HTTP request with several root fields; the step headers reach the answer', async () => {
        const authenticate = jest.spyOn(app.get(Authenticator), 'authenticate');
        const step = jest.spyOn(app.get(AuthenticateStep), 'admit');
        quota.seen.length = 0;
        try {
          const res = await gql('{ a: viewer { subject } b: viewer { subject } c: secret d: ping }', {
            authorization: `Bearer ${await token({ scope: 'admin' })}`,
          });
          expect(res.statusCode).toBe(200);
          expect(res.json()).toEqual({
            data: { a: { subject: 'u1' }, b: { subject: 'u1' }, c: 'classified', d: 'pong' },
          });
          expect(res.headers.ratelimit).toBe('limit=10, remaining=9');
          expect(authenticate).toHaveBeenCalledTimes(1);
          expect(step).toHaveBeenCalledTimes(1);
          expect(quota.seen).toEqual(['u1']);
        } finally {
          authenticate.mockRestore();
          step.mockRestore();
        }
      });

      it('enforces @Scopes on a root field as an error on that field (non-null, so data is null)', async () => {
        const res = await gql('{ viewer { subject } secret }', { authorization: `Bearer ${await token()}` });
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.data).toBeNull();
        expect(body.errors).toEqual([
          expect.objectContaining({
            path: ['secret'],
            extensions: expect.objectContaining({ code: 'BFF_ERR_AUTH_FORBIDDEN' }),
          }),
        ]);
      });

      it('enforces @Scopes on a field resolver, keeping the rest of the data', async () => {
        const query = '{ viewer { subject scopeCount note } }';
        const denied = (await gql(query, { authorization: `Bearer ${await token()}` })).json();
        expect(denied.data).toEqual({ viewer: { subject: 'u1', scopeCount: 1, note: null } });
        expect(denied.errors).toEqual([
          expect.objectContaining({
            path: ['viewer', 'note'],
            extensions: { code: 'BFF_ERR_AUTH_FORBIDDEN', status: 403 },
          }),
        ]);
        const granted = (
          await gql(query, { authorization: `Bearer ${await token({ scope: 'admin' })}` })
        ).json();
        expect(granted).toEqual({ data: { viewer: { subject: 'u1', scopeCount: 1, note: 'for admins' } } });
      });

      it('wraps only the fields that declare requirements', () => {
        const fields = app.get(FieldAuthorization).requirements();
        expect(fields.map((f) => `${f.typeName}.${f.fieldName}`)).toEqual(['Viewer.note']);
      });
    });

    describe('an endpoint with public fields (anonymous: true)', () => {
      beforeAll(async () => {
        app = await build(true);
      });
      afterAll(() => app.close());

      it('serves public fields without a token and refuses private ones on the field', async () => {
        expect((await gql('{ ping }')).json()).toEqual({ data: { ping: 'pong' } });
        const res = await gql('{ ping viewer { subject } }');
        expect(res.statusCode).toBe(200);
        expect(res.json().errors[0].extensions.code).toBe('BFF_ERR_AUTH_MISSING');
      });

      it('still refuses a bad token with an HTTP 401', async () => {
        const res = await gql('{ ping }', { authorization: 'Bearer a.b.c' });
        expect(res.statusCode).toBe(401);
        expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
      });
    });
  });
});
