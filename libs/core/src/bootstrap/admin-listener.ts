import { createServer, type IncomingMessage, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyDecorators } from '@nestjs/common';
import { RouteConfig, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RouteNotFoundError } from '../errors';

/**
 * Which listener serves an operator route once the app has an admin listener: `admin` only (`/metrics`,
 * `/status`), or `both` (`/health/*`: load balancers probe the API port). Routes without it are API routes.
 */
export type AdminRouteScope = 'admin' | 'both';

/** Key of the fastify route config that {@link AdminRoute} sets. */
const SCOPE_KEY = 'bffListener';
/** Marks a request the admin listener received. */
const ON_ADMIN = Symbol('bff admin listener');

type MarkedRequest = IncomingMessage & { [ON_ADMIN]?: true };

/**
 * Marks a handler as an operator route: with an admin listener (`ADMIN_PORT`), an `admin` route answers only
 * there (404 on the API port, like any unknown path) and a `both` route on both listeners; every other route
 * answers only on the API port. Without an admin listener every route answers on the API port.
 * @example @AdminRoute() @Get('metrics') scrape() { ... }
 */
export function AdminRoute(scope: AdminRouteScope = 'admin'): MethodDecorator {
  return applyDecorators(RouteConfig({ [SCOPE_KEY]: scope }));
}

/**
 * The app's admin listener: a second HTTP server of the same process that hands its requests to the same
 * fastify instance (same hooks, admission, error filter, metrics), marked so the routes can be split.
 */
export class AdminListener {
  private server?: Server;
  private closing?: Promise<void>;

  /** @internal createApp's Node HTTP settings, applied to the admin server too. */
  constructor(private readonly httpOptions: ServerOptions) {}

  /** True once the admin listener listens (and through its close): the routes are split between the two. */
  get active(): boolean {
    return this.server !== undefined;
  }

  /** @internal starts the admin server; see {@link listenAdmin}. */
  async listen(fastify: FastifyInstance, port: number, host: string): Promise<string> {
    if (this.server) throw new Error('The admin listener is already listening');
    const server = createServer(this.httpOptions, function adminRequest(req, res) {
      (req as MarkedRequest)[ON_ADMIN] = true;
      fastify.routing(req, res);
    });
    const main = fastify.server;
    server.keepAliveTimeout = main.keepAliveTimeout;
    server.headersTimeout = main.headersTimeout;
    server.requestTimeout = main.requestTimeout;
    for (const listener of main.listeners('clientError'))
      server.on('clientError', listener as (...args: unknown[]) => void);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${shown}:${address.port}`;
  }

  /** Stops accepting admin connections; resolves once the open ones have ended. Idempotent. */
  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    this.closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return this.closing;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's admin listener (see {@link AdminListener}). */
    bffAdmin: AdminListener;
  }
}

/**
 * Whether `request` came through the admin listener.
 * @example if (hasAdminListener(request.server) && !servedByAdminListener(request)) // the API port
 */
export function servedByAdminListener(request: FastifyRequest): boolean {
  return (request.raw as MarkedRequest)[ON_ADMIN] === true;
}

/**
 * Whether the app runs an admin listener now, so operator detail belongs there and not on the API port.
 * @example const detailAllowed = !hasAdminListener(reply.server) || servedByAdminListener(request);
 */
export function hasAdminListener(fastify: FastifyInstance): boolean {
  return fastify.bffAdmin?.active === true;
}

/**
 * Starts the admin listener of an app built by `createApp` on `port` and `host`; it closes with the app (in
 * the drain sequence, when the API listener closes). `serve` calls it when `ADMIN_PORT` is set.
 * @example const adminUrl = await listenAdmin(app, { port: 9464, host: '127.0.0.1' });
 * @returns the bound address, e.g. `http://127.0.0.1:9464`
 */
export function listenAdmin(
  app: NestFastifyApplication,
  options: { port: number; host?: string },
): Promise<string> {
  const fastify = app.getHttpAdapter().getInstance();
  return fastify.bffAdmin.listen(fastify, options.port, options.host ?? '127.0.0.1');
}

/**
 * Splits the routes between the listeners while the admin listener is up (one property read per request
 * otherwise): a request to a route of the other listener is answered 404 `BFF_ERR_ROUTE_NOT_FOUND`, exactly as
 * an unknown path, so the API port does not reveal the operator routes (nor a 405 for their methods).
 */
export function installAdminListener(fastify: FastifyInstance, httpOptions: ServerOptions): void {
  const admin = new AdminListener(httpOptions);
  fastify.decorate('bffAdmin', admin);
  const adminPaths = new Set<string>();
  fastify.addHook('onRoute', function recordAdminPaths(route) {
    if ((route.config as Record<string, unknown> | undefined)?.[SCOPE_KEY] === 'admin')
      adminPaths.add(route.url);
  });
  fastify.addHook('onRequest', function splitListeners(request, _reply, done) {
    if (!admin.active) return done();
    const onAdmin = servedByAdminListener(request);
    let scope: unknown;
    if (request.is404) {
      const query = request.url.indexOf('?');
      scope = adminPaths.has(query < 0 ? request.url : request.url.slice(0, query)) ? 'admin' : undefined;
    } else {
      scope = (request.routeOptions.config as unknown as Record<string, unknown>)[SCOPE_KEY];
    }
    if (scope === 'both' || (scope === 'admin') === onAdmin) return done();
    done(new RouteNotFoundError('No route matches this method and path.'));
  });
  fastify.addHook('preClose', function closeAdminListener(done) {
    void admin.close();
    done();
  });
  fastify.addHook('onClose', function adminListenerClosed(_instance, done) {
    admin.close().then(() => done(), done);
  });
}
