import { systemClock, type Clock } from '@bff/core';
import type { Registry } from 'prom-client';

/** One exported sample, in the shape prom-client's registry formats. */
export interface ExportedSample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
  /** An OpenMetrics exemplar (only OpenMetrics exposition writes it). */
  exemplar?: { labelSet: Record<string, string>; value: number; timestamp: number };
}

/** The trace an observation belongs to, kept as its bucket's exemplar. */
export interface ExemplarTrace {
  readonly traceId: string;
  readonly spanId: string;
}

/** The latest exemplar of one bucket. */
interface Exemplar {
  traceId: string;
  spanId: string;
  value: number;
  /** Seconds since the epoch. */
  timestamp: number;
}

/** Options of a {@link FastHistogram}. */
export interface FastHistogramOptions<L extends string> {
  name: string;
  help: string;
  /** Label names, in the order `observe()` receives their values. */
  labelNames: readonly L[];
  /** Upper bounds of the buckets, ascending; `+Inf` is implied. */
  buckets: readonly number[];
  /** Registries to register with. */
  registers: readonly Registry[];
  /** Clock of exemplar timestamps. Default is `systemClock`. */
  clock?: Clock;
}

/** One series as {@link FastHistogram.read} gives it. */
export interface HistogramSeries {
  /** Label values, in `labelNames` order. */
  readonly values: readonly string[];
  /** Observations per bucket (not cumulative), `bounds` order; the last slot is the `+Inf` overflow. */
  readonly counts: readonly number[];
  readonly count: number;
}

interface Series {
  readonly values: readonly string[];
  readonly labels: Record<string, string>;
  /** Observations per bucket (not cumulative); the last slot is the `+Inf` overflow. */
  readonly counts: number[];
  sum: number;
  count: number;
  /** The latest exemplar per bucket, created with the first observation that brings one. */
  exemplars?: (Exemplar | undefined)[];
}

/**
 * A Prometheus histogram for the request hot path, exported by a prom-client registry exactly like
 * prom-client's own `Histogram` (same series, same order, same text). prom-client validates and hashes the
 * label object on every `observe()`, which costs microseconds per call; here label values arrive positionally
 * and a series is found by one string key, so an observation is a map lookup and a few additions. Label
 * values come from code (method, route template, status, upstream name, outcome), never raw client input.
 *
 * @example
 * const h = new FastHistogram({ name: 'x_seconds', help: 'X.', labelNames: ['route'], buckets: [0.1, 1], registers: [registry] });
 * h.observe(['/v1/home'], 0.042);
 */
export class FastHistogram<L extends string = string> {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly labelNames: readonly L[];
  private readonly bounds: readonly number[];
  private series = new Map<string, Series>();
  private readonly clock: Clock;

  constructor(options: FastHistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = [...options.buckets].sort((a, b) => a - b);
    this.clock = options.clock ?? systemClock;
    for (const registry of options.registers) {
      registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
    }
  }

  /**
   * Records `value` for the series whose label values are `values` (in `labelNames` order); with `exemplar`,
   * its trace becomes the exemplar of the bucket `value` falls in (the latest one wins).
   */
  observe(values: readonly string[], value: number, exemplar?: ExemplarTrace): void {
    if (!Number.isFinite(value)) return;
    const key = values.length === 1 ? values[0] : values.join('\u0000');
    let series = this.series.get(key);
    if (series === undefined) {
      series = this.createSeries(values);
      this.series.set(key, series);
    }
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    series.counts[i]++;
    series.sum += value;
    series.count++;
    if (exemplar !== undefined) {
      const { traceId, spanId } = exemplar;
      (series.exemplars ??= new Array(bounds.length + 1))[i] = {
        traceId,
        spanId,
        value,
        timestamp: this.clock.epochMs() / 1000,
      };
    }
  }

  /** Upper bounds of the buckets, ascending (`+Inf` implied after the last). */
  get buckets(): readonly number[] {
    return this.bounds;
  }

  /** Every series now (live counts: copy what must outlast the next observation). For status views. */
  read(): readonly HistogramSeries[] {
    return [...this.series.values()];
  }

  /** Forgets every observation. */
  reset(): void {
    this.series = new Map();
  }

  /** The metric in prom-client's export shape (what `registry.metrics()` formats). */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: ExportedSample[] }> {
    const values: ExportedSample[] = [];
    for (const series of this.series.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i];
        values.push(
          withExemplar(
            { labels: { le: bound, ...series.labels }, value: cumulative, metricName: `${this.name}_bucket` },
            series.exemplars?.[i],
          ),
        );
      });
      values.push(
        withExemplar(
          {
            labels: { le: '+Inf', ...series.labels },
            value: series.count,
            metricName: `${this.name}_bucket`,
          },
          series.exemplars?.[this.bounds.length],
        ),
      );
      values.push({ labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: 'histogram', values };
  }

  private createSeries(values: readonly string[]): Series {
    if (values.length !== this.labelNames.length) {
      throw new TypeError(`${this.name}: expected ${this.labelNames.length} label values`);
    }
    const labels: Record<string, string> = {};
    this.labelNames.forEach((name, i) => (labels[name] = values[i]));
    return {
      values: [...values],
      labels,
      counts: new Array<number>(this.bounds.length + 1).fill(0),
      sum: 0,
      count: 0,
    };
  }
}

/** `sample` with the bucket's exemplar, labelled as Prometheus and Grafana expect (`trace_id`, `span_id`). */
function withExemplar(sample: ExportedSample, exemplar: Exemplar | undefined): ExportedSample {
  if (exemplar === undefined) return sample;
  sample.exemplar = {
    labelSet: { trace_id: exemplar.traceId, span_id: exemplar.spanId },
    value: exemplar.value,
    timestamp: exemplar.timestamp,
  };
  return sample;
}
