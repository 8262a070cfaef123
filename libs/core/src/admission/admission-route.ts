import type { AdmissionRoute } from './admission-step.interface';

/** The part of Nest's `Reflector` a route needs. */
export interface MetadataReader {
  getAllAndOverride<T>(key: string, targets: object[]): T;
}

/**
 * The metadata of a REST handler (or a resolver method) and its class, as {@link AdmissionRoute}. Each key is
 * read once per route and kept: a route's decorators do not change after startup.
 * @example const route = reflectedRoute(reflector, OrdersController.prototype.list, OrdersController);
 */
export function reflectedRoute(reader: MetadataReader, handler: object, cls: object): AdmissionRoute {
  const cache = new Map<string, unknown>();
  return {
    get<T>(key: string): T | undefined {
      if (cache.has(key)) return cache.get(key) as T | undefined;
      const value = reader.getAllAndOverride<T | undefined>(key, [handler, cls]);
      cache.set(key, value);
      return value;
    },
  };
}

/**
 * A route whose metadata is a plain record, e.g. a GraphQL endpoint's (one route for every operation).
 * @example staticRoute({ [AUTH_OPTIONAL_KEY]: true })
 */
export function staticRoute(metadata: Readonly<Record<string, unknown>> = {}): AdmissionRoute {
  const copy = new Map(Object.entries(metadata));
  return {
    get<T>(key: string): T | undefined {
      return copy.get(key) as T | undefined;
    },
  };
}

/**
 * Keeps one {@link AdmissionRoute} per (class, handler) pair, so the metadata of a route is read once for the
 * life of the process.
 */
export class RouteCache {
  private readonly byClass = new WeakMap<object, WeakMap<object, AdmissionRoute>>();

  constructor(private readonly reader: MetadataReader) {}

  /** The route of `handler` on `cls`. */
  of(handler: object, cls: object): AdmissionRoute {
    let byHandler = this.byClass.get(cls);
    if (!byHandler) this.byClass.set(cls, (byHandler = new WeakMap()));
    let route = byHandler.get(handler);
    if (!route) byHandler.set(handler, (route = reflectedRoute(this.reader, handler, cls)));
    return route;
  }
}
