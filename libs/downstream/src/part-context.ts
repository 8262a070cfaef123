import { DelegatingRequestContext, markDegraded, type RequestContext } from '@bff/core';

/**
 * The context one part of an aggregate runs in: its aggregate's context, plus the part's name, so a policy that
 * answers with stale data (stale-if-error) can say which part it degraded. Everything else is the parent's.
 */
export class PartContext extends DelegatingRequestContext {
  /** Code of the failure a stale answer stood in for, when one did. */
  staleCode?: string;

  constructor(
    parent: RequestContext,
    readonly part: string,
  ) {
    super(parent);
  }
}

/**
 * Records that a call in `ctx` was answered with stale data because of `code`: inside an aggregate part, the
 * part is listed as `{ part, code, stale: true }` by the aggregate; elsewhere (a resolver, a handler) the
 * request's `degraded` gets an entry named after the upstream (`markDegraded`).
 */
export function reportStale(ctx: RequestContext | undefined, upstream: string, error: unknown): void {
  if (ctx instanceof PartContext) ctx.staleCode ??= (error as { code?: string }).code ?? 'BFF_ERR_INTERNAL';
  else if (ctx) markDegraded(upstream, error, { stale: true });
}
