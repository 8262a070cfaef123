import type { Clock } from '@bff/core';

/** Cumulative totals by key (e.g. one vector of counts per route), as a metric holds them since start. */
export type Totals = ReadonlyMap<string, readonly number[]>;

/** What a {@link RollingWindow} answers: the growth of each key's totals over `spanMs`. */
export interface WindowDelta {
  /** Time (in milliseconds) the delta covers: about the window, shorter just after start. */
  spanMs: number;
  values: Map<string, number[]>;
}

/**
 * The recent growth of cumulative totals (counters, histogram buckets), the way Prometheus' `rate()` reads them:
 * each read keeps a copy of the totals (at most one per `minIntervalMs`) and answers the difference between
 * now and the newest copy at least `windowMs` old (or the oldest one). Nothing runs between reads: no timer,
 * and nothing on the request path; at most `windowMs / minIntervalMs + 2` copies are kept.
 * @example
 * const window = new RollingWindow(() => totalsByRoute(), { windowMs: 60_000, clock });
 * const { spanMs, values } = window.delta(); // values.get('GET /v1/home') → [requests, errors, ...buckets]
 */
export class RollingWindow {
  private readonly samples: { at: number; totals: Totals }[];
  private readonly windowMs: number;
  private readonly minIntervalMs: number;
  private readonly clock: Clock;

  constructor(
    private readonly read: () => Totals,
    options: {
      windowMs: number;
      clock: Clock;
      /** Shortest time (in milliseconds) between two kept copies. Default is 1000. */
      minIntervalMs?: number;
      /** When the totals were all zero (clock milliseconds), e.g. when the metrics were made. Default is now. */
      since?: number;
    },
  ) {
    this.windowMs = options.windowMs;
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.clock = options.clock;
    this.samples = [{ at: options.since ?? this.clock.now(), totals: new Map() }];
  }

  /** The growth of every key's totals over the window ending now. */
  delta(): WindowDelta {
    const now = this.clock.now();
    const totals = copy(this.read());
    const samples = this.samples;
    if (now - samples[samples.length - 1].at >= this.minIntervalMs) samples.push({ at: now, totals });
    while (samples.length > 2 && samples[1].at <= now - this.windowMs) samples.shift();
    const base = samples[0];
    const values = new Map<string, number[]>();
    for (const [key, current] of totals) {
      const before = base.totals.get(key);
      values.set(
        key,
        current.map((v, i) => v - (before?.[i] ?? 0)),
      );
    }
    return { spanMs: now - base.at, values };
  }
}

function copy(totals: Totals): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [key, vector] of totals) out.set(key, [...vector]);
  return out;
}

/**
 * The `q` quantile (0..1) of observations counted per bucket (not cumulative, the last slot `+Inf`), by linear
 * interpolation inside the bucket, as Prometheus' `histogram_quantile`; the top bound when it falls in `+Inf`.
 * @example quantile([0.01, 0.1], [90, 9, 1], 0.99) // 0.1
 */
export function quantile(
  bounds: readonly number[],
  counts: readonly number[],
  q: number,
): number | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1];
      const lower = i === 0 ? 0 : bounds[i - 1];
      return lower + (bounds[i] - lower) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return bounds[bounds.length - 1];
}
