/** Options of {@link RollingCounts}. */
export interface RollingCountsOptions {
  /** Length (in milliseconds) of the window the sums cover. Default is 10000 (10 seconds). */
  windowMs?: number;
  /** Number of time buckets the window is cut into; the window slides one bucket at a time. Default is 10. */
  buckets?: number;
  /** Number of independent counters (e.g. calls, failures, slow calls). */
  fields: number;
}

/**
 * Counters over a rolling window of time buckets (resilience4j's time-based sliding window, Finagle's retry
 * budget window): adding and summing are O(1), and moving to a later bucket clears at most `buckets` slots. No
 * allocation after construction, no timers: time is whatever `now` the caller passes (its `Clock.now()`).
 *
 * @example
 * const counts = new RollingCounts({ windowMs: 10_000, buckets: 10, fields: 2 });
 * counts.add(clock.now(), 0); // one call
 * counts.sum(clock.now(), 0); // calls in the last 10 s (within one bucket)
 * @throws RangeError when `windowMs`, `buckets` or `fields` is not a positive integer
 */
export class RollingCounts {
  /** Length of the window, in milliseconds. */
  readonly windowMs: number;
  private readonly bucketMs: number;
  private readonly size: number;
  private readonly fields: number;
  /** `size * fields` counters, bucket-major. */
  private readonly counts: Float64Array;
  private readonly totals: Float64Array;
  /** Index (time / bucketMs) of the newest bucket written. */
  private head = -Infinity;

  constructor(options: RollingCountsOptions) {
    const windowMs = options.windowMs ?? 10_000;
    const buckets = options.buckets ?? 10;
    for (const [name, value] of [
      ['windowMs', windowMs],
      ['buckets', buckets],
      ['fields', options.fields],
    ] as const)
      if (!Number.isSafeInteger(value) || value < 1)
        throw new RangeError(`${name} must be a positive integer`);
    if (windowMs < buckets) throw new RangeError('windowMs must be at least one millisecond per bucket');
    this.windowMs = windowMs;
    this.size = buckets;
    this.bucketMs = windowMs / buckets;
    this.fields = options.fields;
    this.counts = new Float64Array(buckets * options.fields);
    this.totals = new Float64Array(options.fields);
  }

  /** Adds `n` (default 1) to counter `field` at time `now`. */
  add(now: number, field: number, n = 1): void {
    const slot = this.advance(now);
    this.counts[slot * this.fields + field] += n;
    this.totals[field] += n;
  }

  /** Sum of counter `field` over the window ending at `now`. */
  sum(now: number, field: number): number {
    this.advance(now);
    return this.totals[field];
  }

  /** Forgets everything (e.g. when a breaker closes after a recovery). */
  reset(): void {
    this.counts.fill(0);
    this.totals.fill(0);
    this.head = -Infinity;
  }

  /** Moves the head to `now`'s bucket, clearing the buckets that left the window; returns the head's slot. */
  private advance(now: number): number {
    const index = Math.floor(now / this.bucketMs);
    const { size, fields, counts, totals } = this;
    if (index > this.head) {
      const stale = Math.min(size, index - this.head);
      for (let i = 0; i < stale; i++) {
        const base = ((((index - i) % size) + size) % size) * fields;
        for (let f = 0; f < fields; f++) {
          totals[f] -= counts[base + f];
          counts[base + f] = 0;
        }
      }
      this.head = index;
    }
    // A reading from the past (a clock that went backwards, never the monotonic one) lands in the head bucket.
    return ((this.head % size) + size) % size;
  }
}
