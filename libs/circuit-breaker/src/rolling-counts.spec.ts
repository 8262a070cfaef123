import { RollingCounts } from './rolling-counts';

describe('RollingCounts', () => {
  it('sums each field over the window and drops buckets as they leave it', () => {
    const counts = new RollingCounts({ windowMs: 1000, buckets: 4, fields: 2 });
    counts.add(0, 0);
    counts.add(260, 0, 2);
    counts.add(260, 1);
    expect([counts.sum(260, 0), counts.sum(260, 1)]).toEqual([3, 1]);
    expect(counts.sum(999, 0)).toBe(3);
    expect(counts.sum(1000, 0)).toBe(2); // bucket [0, 250) left
    expect(counts.sum(1250, 0)).toBe(0);
    counts.add(5000, 1);
    expect([counts.sum(5000, 0), counts.sum(5000, 1)]).toEqual([0, 1]);
    counts.reset();
    expect(counts.sum(5000, 1)).toBe(0);
  });

  it('rejects a window that is not positive integers', () => {
    expect(() => new RollingCounts({ windowMs: 0, fields: 1 })).toThrow(RangeError);
    expect(() => new RollingCounts({ windowMs: 5, buckets: 10, fields: 1 })).toThrow(RangeError);
  });
});
