import type { Registry } from 'prom-client';

/** One exported sample, in the shape prom-client's registry formats. */
export interface ExportedSample {
  labels: Record<string, string | number>;
  value: number;
  metricName: string;
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

  constructor(options: FastHistogramOptions<L>) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    this.bounds = [...options.buckets].sort((a, b) => a - b);
    for (const registry of options.registers) {
      registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
    }
  }

  /** Records `value` for the series whose label values are `values` (in `labelNames` order). */
  observe(values: readonly string[], value: number): void {
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
        values.push({
          labels: { le: bound, ...series.labels },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({
        labels: { le: '+Inf', ...series.labels },
        value: series.count,
        metricName: `${this.name}_bucket`,
      });
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
