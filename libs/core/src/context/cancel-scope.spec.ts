import { CancelScope } from '@bff/core';

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

  it('cancels a child with its parent, but not the parent with its child or after release()', () => {
    const parent = new CancelScope();
    const first = parent.child();
    first.scope.cancel('sibling failed');
    expect(parent.aborted).toBe(false);
    const second = parent.child();
    const released = parent.child();
    released.release();
    parent.cancel('deadline');
    expect(second.scope).toMatchObject({ aborted: true, reason: 'deadline' });
    expect(released.scope.aborted).toBe(false);
    expect(parent.child().scope).toMatchObject({ aborted: true, reason: 'deadline' });
  });
});
