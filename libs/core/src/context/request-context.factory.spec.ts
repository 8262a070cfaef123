import {
  childContext,
  createDetachedContext,
  DeadlineExceededError,
  FakeClock,
  RequestContextStore,
  type Principal,
} from '@bff/core';

const user: Principal = { kind: 'user', subject: 'u1', scopes: [], method: 'jwt' };

describe('createDetachedContext', () => {
  it('owns a cancellation scope whose deadline fires on the given clock', () => {
    const clock = new FakeClock();
    const ctx = createDetachedContext({ budgetMs: 500, clock, principal: user, requestId: 'job-1' });
    expect(ctx).toMatchObject({ requestId: 'job-1', principal: user, degraded: [] });
    expect(ctx.trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(ctx.deadline).toBe(ctx.cancellation.deadline);
    clock.advance(300);
    expect(ctx.deadline.remaining()).toBe(200);
    clock.advance(200);
    expect(ctx.cancellation.reason).toBeInstanceOf(DeadlineExceededError);
    expect(ctx.signal).toMatchObject({ aborted: true, reason: ctx.cancellation.reason });
  });

  it('has no deadline with budgetMs Infinity, and refuses a negative budget', () => {
    const clock = new FakeClock();
    const ctx = createDetachedContext({ budgetMs: Infinity, clock });
    expect(ctx.deadline.remaining()).toBe(Infinity);
    expect(clock.pendingTimers).toBe(0);
    expect(() => createDetachedContext({ budgetMs: -1 })).toThrow(RangeError);
    expect(() => createDetachedContext({ budgetMs: Number.NaN })).toThrow(RangeError);
  });
});

describe('childContext', () => {
  it("wraps its parent: the parent's fields, principal and degraded list, a scope of its own", () => {
    const clock = new FakeClock();
    const parent = createDetachedContext({ budgetMs: 1000, clock });
    const child = childContext(parent, { budgetMs: 100 });
    expect(child.requestId).toBe(parent.requestId);
    expect(child.trace).toBe(parent.trace);
    expect(child.log).toBe(parent.log);
    expect(child.degraded).toBe(parent.degraded);
    child.principal = user;
    expect(parent.principal).toBe(user);
    expect(child.deadline.remaining()).toBe(100);

    child.cancellation.cancel(new Error('sibling failed'));
    expect(parent.cancellation.aborted).toBe(false);
    const other = childContext(parent);
    expect(other.deadline).toBe(parent.deadline);
    clock.advance(1000);
    expect(other.cancellation.reason).toBe(parent.cancellation.reason);
  });

  it('is what RequestContextStore.current() returns while work runs in it', () => {
    const parent = createDetachedContext({ budgetMs: Infinity });
    const child = childContext(parent);
    expect(RequestContextStore.run(child, () => RequestContextStore.current())).toBe(child);
    child.cancellation.dispose();
  });
});
