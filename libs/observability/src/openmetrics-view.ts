import { Registry, type OpenMetricsContentType } from 'prom-client';

type RegisteredMetric = Parameters<Registry['registerMetric']>[0];

/**
 * A registry that exposes `source`'s metrics in the OpenMetrics text format (exemplars included). prom-client
 * renames a counter in place (`x_total` becomes `x`) when its own registry formats OpenMetrics, which would
 * drop `_total` from every later Prometheus-text scrape; here each metric is seen through a view of its own,
 * so `source` and its metrics stay untouched. Made per scrape: metrics registered later are included.
 * @example const { contentType } = openMetricsView(registry); // application/openmetrics-text; version=1.0.0
 */
export function openMetricsView(source: Registry): Registry<OpenMetricsContentType> {
  const view = new Registry<OpenMetricsContentType>();
  view.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  for (const metric of source.getMetricsAsArray() as unknown as RegisteredMetricShape[]) {
    const name = metric.type === 'counter' ? metric.name.replace(/_total$/, '') : metric.name;
    const read = metric.getForPromString ?? metric.get;
    const viewed: RegisteredMetricShape = {
      name,
      help: metric.help,
      type: metric.type,
      aggregator: metric.aggregator,
      get: async () => ({ ...(await read.call(metric)), name }),
    };
    view.registerMetric(viewed as unknown as RegisteredMetric);
  }
  return view;
}

/** What prom-client's registry reads of a metric. */
interface RegisteredMetricShape {
  name: string;
  help: string;
  type: string;
  aggregator: string;
  get(): Promise<{ name: string; values?: unknown[] }>;
  getForPromString?(): Promise<{ name: string; values?: unknown[] }>;
}
