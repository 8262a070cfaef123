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

/**
 * Route metadata set from configuration instead of decorators (a policy file's route section): for a handler
 * listed here, a key it sets wins over the handler's and its class's decorators, as a method decorator wins
 * over a class one; every other key reads as the decorators say. One per app, filled before the first request
 * (overrides never leak into another app of the same process, as writing the metadata itself would).
 * @example
 * const overrides = new RouteMetadataOverrides();
 * overrides.set(HomeController.prototype.home, { [RATE_LIMIT_KEY]: SKIP_RATE_LIMIT });
 * const routes = new RouteCache(overrides.reader(reflector));
 */
export class RouteMetadataOverrides {
  private readonly byHandler = new WeakMap<object, Readonly<Record<string, unknown>>>();
  private count = 0;

  /** Sets `metadata` on `handler` (merged over what was set before). */
  set(handler: object, metadata: Readonly<Record<string, unknown>>): void {
    const before = this.byHandler.get(handler);
    if (!before) this.count++;
    this.byHandler.set(handler, { ...before, ...metadata });
  }

  /** The keys set on `handler`, if any. */
  get(handler: object): Readonly<Record<string, unknown>> | undefined {
    return this.byHandler.get(handler);
  }

  /** Handlers with overrides so far. */
  get size(): number {
    return this.count;
  }

  /** `reader` with these overrides on top (targets are `[handler, class]`, as `RouteCache` passes them). */
  reader(reader: MetadataReader): MetadataReader {
    return {
      getAllAndOverride: <T>(key: string, targets: object[]): T => {
        const own = this.byHandler.get(targets[0]);
        return own && key in own ? (own[key] as T) : reader.getAllAndOverride<T>(key, targets);
      },
    };
  }
}
