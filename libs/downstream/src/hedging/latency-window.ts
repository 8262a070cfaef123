/**
 * The latest call durations of one upstream and their 95th percentile, for a hedge that waits "as long as the
 * upstream usually takes". A ring of `size` samples; the percentile is recomputed every `size / 10` samples, not
 * per call.
 * @example const w = new LatencyWindow(); w.record(12); w.p95(); // undefined until 20 samples
 */
export class LatencyWindow {
  private readonly samples: Float64Array;
  private count = 0;
  private next = 0;
  private sinceSort = 0;
  private cached?: number;

  constructor(
    private readonly size = 200,
    /** Samples needed before a percentile is given. */
    private readonly minSamples = 20,
  ) {
    this.samples = new Float64Array(size);
  }

  /** Adds one duration (in milliseconds). */
  record(ms: number): void {
    this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    if (this.count < this.size) this.count++;
    if (++this.sinceSort >= Math.max(1, this.size / 10)) this.cached = undefined;
  }

  /** The 95th percentile of the window (in milliseconds), or undefined with fewer than `minSamples`. */
  p95(): number | undefined {
    if (this.count < this.minSamples) return undefined;
    if (this.cached === undefined) {
      const sorted = this.samples.slice(0, this.count).sort();
      this.cached = sorted[Math.min(this.count - 1, Math.ceil(this.count * 0.95) - 1)];
      this.sinceSort = 0;
    }
    return this.cached;
  }
}
