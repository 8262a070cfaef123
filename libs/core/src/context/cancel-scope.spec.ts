import { CancelScope, Deadline, DeadlineExceededError, FakeClock } from '@bff/core';

describe('CancelScope', () => {
  it('runs each listener once with the reason, and not after it was removed', () => {
    const scope = new CancelScope();
    const seen: unknown[] = [];
    scope.onCancel((reason) => seen.push(['a', reason]));
    const off = scope.onCancel((reason) => seen.push(['b', reason]));
    off();
    const reason = new Error('gone');
    scope.cancel(reason);
    scope.cancel(new Error('again'));
    expect(seen).toEqual([['a', reason]]);
    expect(scope).toMatchObject({ aborted: true, reason });
  });

  it('keeps calling the other listeners when one throws', () => {
    const scope = new CancelScope();
    const seen: string[] = [];
    scope.onCancel(() => {
      throw new Error('listener bug');
    });
    scope.onCancel(() => seen.push('second'));
    scope.cancel('why');
    expect(seen).toEqual(['second']);
  });

  it('creates its AbortSignal on first read, aborted with the same reason before or after cancel()', () => {
    const before = new CancelScope();
    const early = before.signal;
    expect(early.aborted).toBe(false);
    expect(before.signal).toBe(early);
    before.cancel('deadline');
    expect(early).toMatchObject({ aborted: true, reason: 'deadline' });

    const after = new CancelScope();
    after.cancel('client gone');
    expect(after.signal).toMatchObject({ aborted: true, reason: 'client gone' });
    expect(CancelScope.of(after.signal)).toBe(after);
    expect(CancelScope.of(new AbortController().signal)).toBeUndefined();
  });

  it('ignores listeners added after cancellation', () => {
    const scope = new CancelScope();
    scope.cancel('done');
    const listener = jest.fn();
    scope.onCancel(listener)();
    expect(listener).not.toHaveBeenCalled();
  });

  it('cancels a child with its parent, but not the parent with its child or after dispose()', () => {
    const parent = new CancelScope();
    const first = parent.child();
    first.cancel('sibling failed');
    expect(parent.aborted).toBe(false);
    const second = parent.child();
    const released = parent.child();
    released.dispose();
    parent.cancel('deadline');
    expect(second).toMatchObject({ aborted: true, reason: 'deadline' });
    expect(released.aborted).toBe(false);
    expect(parent.child()).toMatchObject({ aborted: true, reason: 'deadline' });
  });

  it('cancels itself at its deadline with DeadlineExceededError, on the deadline clock', () => {
    const clock = new FakeClock();
    const scope = new CancelScope({ deadline: Deadline.after(100, clock) });
    clock.advance(99);
    expect(scope.aborted).toBe(false);
    clock.advance(1);
    expect(scope.reason).toBeInstanceOf(DeadlineExceededError);
    expect((scope.reason as Error).message).toBe('The work did not complete within 100 ms.');
    expect(clock.pendingTimers).toBe(0);
  });

  it('uses the deadline reason it was given, and stops its timer on dispose()', () => {
    const clock = new FakeClock();
    const scope = new CancelScope({
      deadline: Deadline.after(50, clock),
      deadlineReason: (deadline) => `late after ${deadline.budgetMs}`,
    });
    clock.advance(50);
    expect(scope.reason).toBe('late after 50');
    const disposed = new CancelScope({ deadline: Deadline.after(50, clock) });
    disposed.dispose();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(100);
    expect(disposed.aborted).toBe(false);
  });

  it('gives a child a timer only when its own budget is shorter than its parent deadline', () => {
    const clock = new FakeClock();
    const parent = new CancelScope({ deadline: Deadline.after(1000, clock) });
    const same = parent.child();
    expect(same.deadline).toBe(parent.deadline);
    expect(clock.pendingTimers).toBe(1);
    const longer = parent.child({ budgetMs: 5000 });
    expect(longer.deadline).toBe(parent.deadline);
    expect(clock.pendingTimers).toBe(1);
    const shorter = parent.child({ budgetMs: 200 });
    expect(clock.pendingTimers).toBe(2);
    clock.advance(200);
    expect(shorter.reason).toBeInstanceOf(DeadlineExceededError);
    expect([parent.aborted, same.aborted, longer.aborted]).toEqual([false, false, false]);
    clock.advance(800);
    expect(same.reason).toBe(parent.reason);
    expect(longer.reason).toBe(parent.reason);
  });

  it("tells the reason it ends with at its deadline: its own, or its parent's when the parent ends it", () => {
    const clock = new FakeClock();
    const parent = new CancelScope({
      deadline: Deadline.after(1000, clock),
      deadlineReason: () => 'request',
    });
    const part = parent.child({ budgetMs: 300, deadlineReason: () => 'part budget' });
    const beyond = parent.child({ budgetMs: 5000, deadlineReason: () => 'never reached' });
    const inPart = part.child();
    expect([part.expiryReason(), beyond.expiryReason(), inPart.expiryReason()]).toEqual([
      'part budget',
      'request',
      'part budget',
    ]);
    expect(new CancelScope({ deadline: Deadline.after(10, clock) }).expiryReason()).toBeInstanceOf(
      DeadlineExceededError,
    );
    clock.advance(300);
    expect(inPart.reason).toBe('part budget'); // what it said
  });

  it('is cancelled at once when created past its deadline', () => {
    const clock = new FakeClock();
    expect(new CancelScope({ deadline: Deadline.after(0, clock) }).aborted).toBe(true);
  });
});
