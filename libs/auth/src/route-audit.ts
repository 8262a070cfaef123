import { reflectedRoute, uriVersionPrefixes, type AdmissionRoute, type MetadataReader } from '@bff/core';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  RequestMethod,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { authRequirementsOf, type AuthRequirements } from './auth-requirements';
import type { AuthModuleOptions } from './auth-options.interface';
import { AUTH_MODULE_OPTIONS } from './auth.module-definition';
import { Authenticator } from './authenticator';

/** Nest GraphQL's metadata keys of resolver methods (`@Query`, `@Mutation`, `@Subscription`). */
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const ROOT_TYPES: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);

/** One route (REST handler or GraphQL root field) and who may call it. */
export interface AuditedRoute {
  readonly transport: 'rest' | 'graphql';
  /** `GET`, `POST`, ... or `Query`, `Mutation`, `Subscription`. */
  readonly method: string;
  /** `/v1/orders/:id`, or the root field's name. */
  readonly path: string;
  /** `PartnerOrdersController.get`. */
  readonly handler: string;
  readonly auth: AuthRequirements;
  /** The values of the further metadata keys (rate-limit policy...), when set. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A route and the controller method (or resolver method) behind it. */
export interface RouteHandler {
  readonly transport: AuditedRoute['transport'];
  readonly method: string;
  readonly path: string;
  /** The controller or resolver class. */
  readonly cls: object;
  /** The method's name on it. */
  readonly name: string;
  /** The method itself (the target of its decorators' metadata). */
  readonly handler: object;
}

/**
 * The route table of an app with each route's auth decision, found through Nest discovery (every controller
 * method with a route and every GraphQL root field), never from a hand-made list. `AuthModule` provides it and
 * logs the table when the app starts (one `RouteAudit` line per route); a test walks it to prove that every
 * non-public route refuses anonymous and forged callers.
 *
 * @example
 * const routes = app.get(RouteAudit).routes(); // [{ transport: 'rest', method: 'GET', path: '/v1/orders', auth: { public: false, scopes: ['orders:read'], ... } }]
 * RouteAudit.describe(routes[0]) // 'GET /v1/orders -> scopes orders:read; kinds client (PartnerOrdersController.list)'
 */
@Injectable()
export class RouteAudit implements OnApplicationBootstrap {
  private readonly logger = new Logger('RouteAudit');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Optional() @Inject(AUTH_MODULE_OPTIONS) options?: AuthModuleOptions,
  ) {
    this.extraKeys = options?.routeAudit?.metadata ?? {};
    this.reader = options?.routeOverrides?.reader(reflector) ?? reflector;
  }

  private readonly reader: MetadataReader;

  private readonly extraKeys: Readonly<Record<string, string>>;

  /** Logs the route table once the app is wired (before it listens). */
  onApplicationBootstrap(): void {
    const kinds = this.authenticator.principalKinds;
    if (kinds.length > 0) this.logger.log(`app serves ${kinds.join(' or ')} principals only`);
    for (const route of this.routes()) this.logger.log(RouteAudit.describe(route));
  }

  /** Every REST route and GraphQL root field of the app, sorted by transport and path. */
  routes(): AuditedRoute[] {
    return this.handlers()
      .map((h) => this.entry(h.transport, h.method, h.path, h.cls, h.name, h.handler))
      .sort((a, b) => a.transport.localeCompare(b.transport) || a.path.localeCompare(b.path));
  }

  /**
   * Every REST route and GraphQL root field with the method that serves it, in discovery order: what a
   * configuration naming routes (`GET /v1/home`, `Query viewer`) attaches its settings to.
   */
  handlers(): RouteHandler[] {
    const routes: RouteHandler[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const base = paths(Reflect.getMetadata(PATH_METADATA, metatype));
      const proto = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, object>)[name];
        const own = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        if (own === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] ?? 'GET';
        for (const version of uriVersionPrefixes(handler, metatype)) {
          for (const prefix of base) {
            for (const suffix of paths(own)) {
              const path = join(`${version}/${prefix}`, suffix);
              routes.push({ transport: 'rest', method, path, cls: metatype, name, handler });
            }
          }
        }
      }
    }
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype || typeof metatype !== 'function') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      if (!proto || proto === Object.prototype) continue;
      for (const name of this.scanner.getAllMethodNames(proto)) {
        const handler = (proto as Record<string, object>)[name];
        const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as unknown;
        if (typeof type !== 'string' || !ROOT_TYPES.has(type)) continue;
        const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? name;
        routes.push({ transport: 'graphql', method: type, path: field, cls: metatype, name, handler });
      }
    }
    return routes;
  }

  /** One human line: `GET /v1/orders -> scopes orders:read; kinds client; rateLimit {...} (Ctrl.list)`. */
  static describe(route: AuditedRoute): string {
    const { auth } = route;
    const parts: string[] = [];
    if (auth.public) parts.push('public');
    else {
      parts.push(auth.optional ? 'credentials optional' : 'authenticated');
      if (auth.scopes.length > 0) parts.push(`scopes ${auth.scopes.join(' ')}`);
      if (auth.principalKinds.length > 0) parts.push(`kinds ${auth.principalKinds.join(' ')}`);
    }
    for (const [name, value] of Object.entries(route.metadata))
      parts.push(`${name} ${JSON.stringify(value)}`);
    return `${route.method} ${route.path} -> ${parts.join('; ')} (${route.handler})`;
  }

  private entry(
    transport: AuditedRoute['transport'],
    method: string,
    path: string,
    cls: object,
    name: string,
    handler: object,
  ): AuditedRoute {
    const route: AdmissionRoute = reflectedRoute(this.reader, handler, cls);
    const metadata: Record<string, unknown> = {};
    for (const [label, key] of Object.entries(this.extraKeys)) {
      const value = route.get(key);
      if (value !== undefined) metadata[label] = value;
    }
    return {
      transport,
      method,
      path,
      handler: `${(cls as { name?: string }).name ?? 'anonymous'}.${name}`,
      auth: authRequirementsOf(route),
      metadata,
    };
  }
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : '/'];
}

function join(prefix: string, suffix: string): string {
  const joined = `/${prefix}/${suffix}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}
