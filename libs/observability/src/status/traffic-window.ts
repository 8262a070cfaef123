import type { Clock } from '@bff/core';
import type { FastHistogram } from '../fast-histogram';
import { quantile, RollingWindow, type Totals } from './rolling-window';

/** Recent traffic of one route or upstream, over the status window. */
export interface TrafficStats {
  /** What the row is about: `GET /v1/home`, `catalog`. */
  key: string;
  /** Requests (or upstream attempts) in the window. */
  requests: number;
  /** Requests per second over the window. */
  ratePerSec: number;
  /** Share (0..1) of the requests that failed. */
  errorRate: number;
  /** 99th percentile of the durations, in milliseconds, estimated from the histogram's buckets. */
  p99Ms?: number;
  /** Time (in milliseconds) the figures cover. */
  spanMs: number;
}

/** How a {@link trafficWindow} reads one histogram. */
export interface TrafficWindowOptions {
  /** The row a series belongs to (from its label values), or undefined to leave it out. */
  group(values: readonly string[]): string | undefined;
  /** Whether a series counts as failures (from its label values). */
  failed(values: readonly string[]): boolean;
  windowMs: number;
  clock: Clock;
  /** When the histogram was empty (clock milliseconds). Default is now. */
  since?: number;
}

/**
 * Rate, error rate and p99 per row of a latency histogram over a rolling window (see {@link RollingWindow}),
 * read from the histogram's own series: no second bookkeeping on the request path.
 * @example
 * const routes = trafficWindow(httpDuration, { group: ([m, r]) => `${m} ${r}`, failed: ([, , s]) => s >= '500', windowMs: 60_000, clock });
 * routes(); // [{ key: 'GET /v1/home', requests: 120, ratePerSec: 2, errorRate: 0, p99Ms: 23.5, spanMs: 60000 }]
 */
export function trafficWindow(histogram: FastHistogram, options: TrafficWindowOptions): () => TrafficStats[] {
  const window = new RollingWindow(
    function histogramTotals(): Totals {
      const totals = new Map<string, number[]>();
      for (const series of histogram.read()) {
        const key = options.group(series.values);
        if (key === undefined) continue;
        let vector = totals.get(key);
        if (vector === undefined) {
          vector = new Array<number>(series.counts.length + 2).fill(0);
          totals.set(key, vector);
        }
        vector[0] += series.count;
        if (options.failed(series.values)) vector[1] += series.count;
        for (let i = 0; i < series.counts.length; i++) vector[i + 2] += series.counts[i];
      }
      return totals;
    },
    { windowMs: options.windowMs, clock: options.clock, since: options.since },
  );
  return function trafficStats(): TrafficStats[] {
    const { spanMs, values } = window.delta();
    const seconds = Math.max(spanMs, 1) / 1000;
    return [...values].map(([key, [requests, errors, ...buckets]]) => {
      const p99 = quantile(histogram.buckets, buckets, 0.99);
      return {
        key,
        requests,
        ratePerSec: requests / seconds,
        errorRate: requests > 0 ? errors / requests : 0,
        ...(p99 === undefined ? {} : { p99Ms: p99 * 1000 }),
        spanMs,
      };
    });
  };
}
