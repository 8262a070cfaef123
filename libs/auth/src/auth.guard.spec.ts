import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDetachedContext, RequestContextStore } from '@bff/core';
import { AuthGuard, AuthModule, type Principal } from '@bff/auth';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { GraphQLModule } from '@nestjs/graphql';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AdminController,
  CodeFilter,
  HealthController,
  OrdersController,
  start,
  ViewerResolver,
} from '../test/auth-test-app';
import { TestIdp } from '../test/test-idp';

const AUD = 'test-bff';

describe('AuthGuard', () => {
  let idp: TestIdp;
  let token: (claims?: object) => Promise<string>;
  beforeAll(async () => {
    idp = await TestIdp.start();
    token = (claims = {}) => idp.sign({ sub: 'u1', aud: AUD, scope: 'orders:read', ...claims });
  });
  afterAll(() => idp.close());

  describe('over REST', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      @Module({
        imports: [
          AuthModule.forRootAsync({
            useFactory: async () => ({ jwt: { issuer: idp.issuer, audience: AUD } }),
          }),
        ],
        controllers: [OrdersController, HealthController, AdminController],
        providers: [{ provide: APP_FILTER, useClass: CodeFilter }],
      })
      class RestModule {}
      app = await start(RestModule);
    });
    afterAll(() => app.close());

    const get = async (url: string, authorization?: string) =>
      app.inject({ method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });

    it('answers 401 with a bare challenge when no token is sent', async () => {
      const res = await get('/orders');
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'BFF_ERR_AUTH_MISSING' });
      expect(res.headers['www-authenticate']).toBe(`Bearer realm="${AUD}"`);
    });

    it.each([
      ['garbage', 'Bearer garbage', 'credentials not accepted'],
      ['a malformed header', 'Bearer a b', 'malformed authorization header'],
      ['a JWT-shaped forgery of no issuer', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln', 'issuer not accepted'],
    ])(
      'answers the same 401 invalid_token for %s (its reason goes to the log only)',
      async (_name, authorization) => {
        const res = await get('/orders', authorization);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ code: 'BFF_ERR_AUTH_INVALID_TOKEN' });
        expect(res.headers['www-authenticate']).toBe(
          `Bearer realm="test-bff", error="invalid_token", error_description="invalid credentials"`,
        );
      },
    );

    it('answers 401 token expired for an expired token', async () => {
      const res = await get('/orders', `Bearer ${await token({ exp: Math.floor(Date.now() / 1000) - 60 })}`);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ code: 'BFF_ERR_AUTH_TOKEN_EXPIRED' });
    });

    it('lets a valid token through and hands the principal to the handler', async () => {
      const res = await get('/orders', `bearer ${await token()}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ subject: 'u1', kind: 'user' });
    });

    it('serves @Public() routes without credentials and does not verify tokens there', async () => {
      expect((await get('/health')).json()).toEqual({ status: 'ok', principal: null });
      const res = await get('/health', 'Bearer garbage');
      expect(res.statusCode).toBe(200);
    });

    it.each([
      ['the class scope is missing', '/admin', 'orders:read', 403, 'admin'],
      ['the class scope is granted', '/admin', 'admin', 200, null],
      ['the method scope replaces the class scope', '/admin/orders', 'orders:read', 200, null],
      ['the method scope is missing', '/admin/orders', 'admin', 403, 'orders:read'],
    ])('enforces @Scopes when %s', async (_name, url, scope, status, required) => {
      const res = await get(url, `Bearer ${await token({ scope })}`);
      expect(res.statusCode).toBe(status);
      if (required) {
        expect(res.json()).toEqual({ code: 'BFF_ERR_AUTH_FORBIDDEN' });
        expect(res.headers['www-authenticate']).toBe(
          `Bearer realm="test-bff", error="insufficient_scope", error_description="insufficient scope", scope="${required}"`,
        );
      }
    });

    it('refuses a request that repeats the Authorization header (real HTTP)', async () => {
      await app.listen(0, '127.0.0.1');
      const { port } = app.getHttpServer().address() as AddressInfo;
      const good = await token();
      const answer = await new Promise<[number | undefined, string | undefined]>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/orders' }, (res) => {
          res.resume();
          resolve([res.statusCode, res.headers['www-authenticate']]);
        });
        req.setHeader('authorization', [`Bearer ${good}`, 'Bearer other']);
        req.on('error', reject).end();
      });
      expect(answer).toEqual([401, expect.stringContaining('error_description="invalid credentials"')]);
    });
  });

  describe('over GraphQL (Apollo on Fastify)', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      @Module({
        imports: [
          AuthModule.forRoot({ jwt: { issuer: idp.issuer, jwksUrl: idp.jwksUrl, audience: AUD } }),
          GraphQLModule.forRoot<ApolloDriverConfig>({
            driver: ApolloDriver,
            autoSchemaFile: true,
            context: (req: unknown, reply: unknown) => ({ req, res: reply }),
          }),
        ],
        providers: [ViewerResolver, { provide: APP_FILTER, useClass: CodeFilter }],
      })
      class GqlModule {}
      app = await start(GqlModule);
    });
    afterAll(() => app.close());

    const gql = async (query: string, authorization?: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: { query },
      });
      return res.json() as {
        data?: Record<string, unknown> | null;
        errors?: { extensions?: { code?: string } }[];
      };
    };

    it('protects a resolver and hands it the principal', async () => {
      const anonymous = await gql('{ viewer { subject } }');
      expect(anonymous.errors?.[0].extensions?.code).toBe('BFF_ERR_AUTH_MISSING');
      expect(anonymous.data ?? null).toBeNull();

      const signedIn = await gql('{ viewer { subject scopes } }', `Bearer ${await token()}`);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data).toEqual({ viewer: { subject: 'u1', scopes: ['orders:read'] } });
    });

    it('serves @Public() resolvers and enforces @Scopes on resolvers', async () => {
      expect((await gql('{ ping }')).data).toEqual({ ping: 'pong' });
      const denied = await gql('{ secret }', `Bearer ${await token()}`);
      expect(denied.errors?.[0].extensions?.code).toBe('BFF_ERR_AUTH_FORBIDDEN');
      expect((await gql('{ secret }', `Bearer ${await token({ scope: 'admin' })}`)).data).toEqual({
        secret: 'classified',
      });
    });
  });

  describe('called directly', () => {
    it('publishes the principal to the request context', async () => {
      const app = await NestFactory.createApplicationContext(
        AuthModule.forRoot({ jwt: { issuer: idp.issuer, jwksUrl: idp.jwksUrl, audience: AUD } }),
        { logger: false },
      );
      try {
        const guard = app.get(AuthGuard);
        expect(guard).toBeInstanceOf(AuthGuard);
        const request = { headers: { authorization: `Bearer ${await token()}` } } as {
          headers: object;
          principal?: Principal;
        };
        const context = new ExecutionContextHost(
          [request, {}],
          OrdersController,
          OrdersController.prototype.list,
        );
        const ctx = createDetachedContext({ requestId: 'r1', budgetMs: 1000 });
        await RequestContextStore.run(ctx, () => guard.canActivate(context));
        expect(request.principal?.subject).toBe('u1');
        expect(ctx.principal).toBe(request.principal);

        // The token is now in the verified-token cache: the next request is admitted without a promise.
        const again: { headers: object; principal?: Principal } = { headers: { ...request.headers } };
        const cached = new ExecutionContextHost(
          [again, {}],
          OrdersController,
          OrdersController.prototype.list,
        );
        expect(guard.canActivate(cached)).toBe(true);
        expect(again.principal).toBe(request.principal);

        const missing = new ExecutionContextHost(
          [{ headers: {} }, {}],
          OrdersController,
          OrdersController.prototype.list,
        );
        await expect(guard.canActivate(missing)).rejects.toMatchObject({
          code: 'BFF_ERR_AUTH_MISSING',
          status: 401,
        });
      } finally {
        await app.close();
      }
    });
  });
});
