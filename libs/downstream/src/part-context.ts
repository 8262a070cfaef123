import {
  markDegraded,
  type CancelScope,
  type ContextLogger,
  type Deadline,
  type DegradedPart,
  type Principal,
  type RequestContext,
  type TraceContext,
} from '@bff/core';

/**
 * The context one part of an aggregate runs in: its aggregate's context, plus the part's name, so a policy that
 * answers with stale data (stale-if-error) can say which part it degraded. Everything else is the parent's.
 */
export class PartContext implements RequestContext {
  /** Code of the failure a stale answer stood in for, when one did. */
  staleCode?: string;

  constructor(
    private readonly parent: RequestContext,
    readonly part: string,
  ) {}

  get requestId(): string {
    return this.parent.requestId;
  }
  get trace(): TraceContext {
    return this.parent.trace;
  }
  get cancellation(): CancelScope {
    return this.parent.cancellation;
  }
  get deadline(): Deadline {
    return this.parent.deadline;
  }
  get signal(): AbortSignal {
    return this.parent.signal;
  }
  get log(): ContextLogger {
    return this.parent.log;
  }
  get principal(): Principal | undefined {
    return this.parent.principal;
  }
  set principal(principal: Principal | undefined) {
    this.parent.principal = principal;
  }
  get degraded(): DegradedPart[] {
    return this.parent.degraded;
  }
  get operation(): RequestContext['operation'] {
    return this.parent.operation;
  }
  get upstreamCalls(): number {
    return this.parent.upstreamCalls;
  }
  set upstreamCalls(count: number) {
    this.parent.upstreamCalls = count;
  }
  get serverTiming(): string[] | undefined {
    return this.parent.serverTiming;
  }
  set serverTiming(entries: string[] | undefined) {
    this.parent.serverTiming = entries;
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
