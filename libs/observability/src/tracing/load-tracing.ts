import type { Tracing, TracingOptions } from './tracing.options';

/**
 * Loads the OpenTelemetry SDK and starts a tracer provider exporting to `options.url`. The SDK and the
 * exporter are required here and nowhere else, so an app without tracing never loads them (they take
 * hundreds of milliseconds of start-up on a small machine).
 * @example const tracing = config.tracing.enabled ? await loadTracing(config.tracing) : undefined;
 */
export async function loadTracing(options: TracingOptions): Promise<Tracing> {
  const { OtelTracing } = await import('./otel-tracing');
  return new OtelTracing(options);
}
