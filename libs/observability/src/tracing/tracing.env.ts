import { env, readEnv, ConfigError, type Env, type EnvReader } from '@bff/core';
import type { SamplerName, TracingOptions } from './tracing.options';

/** The tracing slice of a BFF's environment: off, or what the exporter and the sampler need. */
export type TracingEnvConfig = { enabled: false } | ({ enabled: true } & TracingOptions);

/** What differs between BFFs when reading {@link TracingEnvConfig}. */
export interface TracingEnvSpec {
  /** `service.name` when neither `OTEL_SERVICE_NAME` nor `OTEL_RESOURCE_ATTRIBUTES` names one: the app's name. */
  serviceName: string;
}

const SAMPLERS = [
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'always_on',
  'always_off',
  'traceidratio',
] as const satisfies readonly SamplerName[];

/** `k=v,k2=v2`, values percent-encoded (W3C Baggage octets), as OTEL_RESOURCE_ATTRIBUTES and OTLP headers are. */
function keyValueList(): EnvReader<Record<string, string>> {
  return (name, raw, problems) => {
    const out: Record<string, string> = {};
    if (raw === undefined) return out;
    for (const item of raw.split(',')) {
      if (item.trim() === '') continue;
      const eq = item.indexOf('=');
      const key = eq > 0 ? item.slice(0, eq).trim() : '';
      if (key === '') {
        problems.push(`${name}: must be key=value pairs separated by commas, got "${item.trim()}"`);
        continue;
      }
      try {
        out[key] = decodeURIComponent(item.slice(eq + 1).trim());
      } catch {
        problems.push(`${name}: the value of "${key}" is not valid percent-encoding`);
      }
    }
    return out;
  };
}

/** A probability in [0, 1]; absent = 1. */
function ratio(): EnvReader<number> {
  return (name, raw, problems) => {
    if (raw === undefined) return 1;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
      problems.push(`${name}: must be a number between 0 and 1, got "${raw}"`);
      return 1;
    }
    return n;
  };
}

/** The OTLP/HTTP traces URL: `..._TRACES_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`. */
function tracesUrl(signalEndpoint: string | undefined, endpoint: string | undefined): string | undefined {
  if (signalEndpoint !== undefined) return signalEndpoint;
  if (endpoint === undefined) return undefined;
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Reads the standard OpenTelemetry variables a BFF honours. Tracing is on only when
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT` is set, `OTEL_SDK_DISABLED` is not true
 * and `OTEL_TRACES_EXPORTER` is not `none`; then `OTEL_SERVICE_NAME` (default: `service.name` of
 * `OTEL_RESOURCE_ATTRIBUTES`, else the app's name), `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_TRACES_SAMPLER` (default
 * `parentbased_always_on`) and `OTEL_TRACES_SAMPLER_ARG` (default 1), `OTEL_EXPORTER_OTLP_[TRACES_]HEADERS` and
 * `_TIMEOUT` (default 10000 ms), and `OTEL_BSP_SCHEDULE_DELAY` (5000 ms), `OTEL_BSP_EXPORT_TIMEOUT` (30000 ms),
 * `OTEL_BSP_MAX_QUEUE_SIZE` (2048) and `OTEL_BSP_MAX_EXPORT_BATCH_SIZE` (512). Spans are sent as OTLP/HTTP JSON:
 * `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` may only say `http/json`.
 * @example const tracing = readTracingEnv(process.env, { serviceName: 'mobile-bff' }); if (tracing.enabled) ...
 * @see https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad variable
 */
export function readTracingEnv(source: Env, spec: TracingEnvSpec): TracingEnvConfig {
  const raw = readEnv(source, {
    OTEL_SDK_DISABLED: env.bool(false),
    OTEL_TRACES_EXPORTER: env.oneOf(['otlp', 'none'] as const, 'otlp'),
    OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalUrl(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.optionalUrl(),
    OTEL_EXPORTER_OTLP_PROTOCOL: env.oneOf(['http/json'] as const, 'http/json'),
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: env.oneOf(['http/json'] as const, 'http/json'),
    OTEL_EXPORTER_OTLP_HEADERS: keyValueList(),
    OTEL_EXPORTER_OTLP_TRACES_HEADERS: keyValueList(),
    OTEL_EXPORTER_OTLP_TIMEOUT: env.int(10_000, { min: 1, max: 600_000 }),
    OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: env.int(-1, { min: 1, max: 600_000 }),
    OTEL_SERVICE_NAME: env.optionalString(),
    OTEL_RESOURCE_ATTRIBUTES: keyValueList(),
    OTEL_TRACES_SAMPLER: env.oneOf(SAMPLERS, 'parentbased_always_on'),
    OTEL_TRACES_SAMPLER_ARG: ratio(),
    OTEL_BSP_SCHEDULE_DELAY: env.int(5000, { min: 0, max: 600_000 }),
    OTEL_BSP_EXPORT_TIMEOUT: env.int(30_000, { min: 1, max: 600_000 }),
    OTEL_BSP_MAX_QUEUE_SIZE: env.int(2048, { min: 1, max: 1_000_000 }),
    OTEL_BSP_MAX_EXPORT_BATCH_SIZE: env.int(512, { min: 1, max: 1_000_000 }),
  });
  const url = tracesUrl(raw.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, raw.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (raw.OTEL_SDK_DISABLED || raw.OTEL_TRACES_EXPORTER === 'none' || url === undefined) {
    return { enabled: false };
  }
  if (raw.OTEL_BSP_MAX_EXPORT_BATCH_SIZE > raw.OTEL_BSP_MAX_QUEUE_SIZE) {
    throw new ConfigError([
      `OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed OTEL_BSP_MAX_QUEUE_SIZE (${raw.OTEL_BSP_MAX_QUEUE_SIZE})`,
    ]);
  }
  const resourceAttributes = raw.OTEL_RESOURCE_ATTRIBUTES;
  const serviceName = raw.OTEL_SERVICE_NAME ?? resourceAttributes['service.name'] ?? spec.serviceName;
  return {
    enabled: true,
    url,
    headers: { ...raw.OTEL_EXPORTER_OTLP_HEADERS, ...raw.OTEL_EXPORTER_OTLP_TRACES_HEADERS },
    exportTimeoutMs:
      raw.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT > 0
        ? raw.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT
        : raw.OTEL_EXPORTER_OTLP_TIMEOUT,
    serviceName,
    resourceAttributes: { ...resourceAttributes, 'service.name': serviceName },
    sampler: { name: raw.OTEL_TRACES_SAMPLER, ratio: raw.OTEL_TRACES_SAMPLER_ARG },
    batch: {
      scheduledDelayMs: raw.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMs: raw.OTEL_BSP_EXPORT_TIMEOUT,
      maxQueueSize: raw.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: raw.OTEL_BSP_MAX_EXPORT_BATCH_SIZE,
    },
  };
}
