import type { RequestContext } from './request-context';

const BOUND = new WeakSet<AbortSignal>();

/** An abort controller whose signal also fires (with the same reason) when the request's signal does. */
export interface RequestBoundController {
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  /** Stops following the request's signal; call it once the work under this signal has settled. */
  release(): void;
}

/**
 * A controller for a unit of work inside a request (e.g. the parts of one aggregate) that is cancelled
 * either on its own or when the request ends (deadline, client disconnect). Code below it can rely on this
 * signal alone instead of combining it with the request's (see {@link isRequestBound}), which saves an
 * `AbortController` per upstream call on the hot path.
 * @example const scope = requestBoundController(ctx); try { await work(scope.signal); } finally { scope.release(); }
 */
export function requestBoundController(ctx: RequestContext | undefined): RequestBoundController {
  const controller = new AbortController();
  if (!ctx) return { signal: controller.signal, abort: (r) => controller.abort(r), release: () => undefined };
  const parent = ctx.signal;
  const follow = (): void => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener('abort', follow, { once: true });
  BOUND.add(controller.signal);
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    release: () => parent.removeEventListener('abort', follow),
  };
}

/** True when `signal` comes from {@link requestBoundController}: it fires whenever the request's does. */
export function isRequestBound(signal: AbortSignal): boolean {
  return BOUND.has(signal);
}
