import { ConfigError } from '@bff/core';
import { readTracingEnv } from './tracing.env';

const spec = { serviceName: 'mobile-bff' };
const ENDPOINT = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readTracingEnv(env, spec);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('readTracingEnv', () => {
  it.each([
    ['no endpoint', {}],
    ['OTEL_SDK_DISABLED=true', { ...ENDPOINT, OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_SDK_DISABLED=TRUE', { ...ENDPOINT, OTEL_SDK_DISABLED: 'TRUE' }],
    ['OTEL_TRACES_EXPORTER=none', { ...ENDPOINT, OTEL_TRACES_EXPORTER: 'none' }],
  ])('is off with %s', (_case, env) => {
    expect(readTracingEnv(env, spec)).toEqual({ enabled: false });
  });

  it('is on with an endpoint, with the standard defaults', () => {
    expect(readTracingEnv(ENDPOINT, spec)).toEqual({
      enabled: true,
      url: 'http://collector:4318/v1/traces',
      headers: {},
      exportTimeoutMs: 10_000,
      serviceName: 'mobile-bff',
      resourceAttributes: { 'service.name': 'mobile-bff' },
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      batch: { scheduledDelayMs: 5000, exportTimeoutMs: 30_000, maxQueueSize: 2048, maxExportBatchSize: 512 },
    });
  });

  it('takes the traces endpoint as is, and it wins over the base endpoint', () => {
    const only = readTracingEnv(
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example/api/traces' },
      spec,
    );
    expect(only).toMatchObject({ enabled: true, url: 'https://otlp.example/api/traces' });
    const both = readTracingEnv(
      { ...ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://other:4318/v1/traces' },
      spec,
    );
    expect(both).toMatchObject({ url: 'http://other:4318/v1/traces' });
    expect(readTracingEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/otlp/' }, spec)).toMatchObject({
      url: 'http://c:4318/otlp/v1/traces',
    });
  });

  it('names the service by OTEL_SERVICE_NAME, else by the resource attributes, else by the app', () => {
    const resource = {
      OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource,deployment.environment=prod%20eu',
    };
    expect(readTracingEnv({ ...ENDPOINT, ...resource }, spec)).toMatchObject({
      serviceName: 'from-resource',
      resourceAttributes: { 'service.name': 'from-resource', 'deployment.environment': 'prod eu' },
    });
    expect(readTracingEnv({ ...ENDPOINT, ...resource, OTEL_SERVICE_NAME: 'named' }, spec)).toMatchObject({
      serviceName: 'named',
      resourceAttributes: { 'service.name': 'named', 'deployment.environment': 'prod eu' },
    });
  });

  it.each([
    ['always_on', undefined, { name: 'always_on', ratio: 1 }],
    ['always_off', undefined, { name: 'always_off', ratio: 1 }],
    ['traceidratio', '0.25', { name: 'traceidratio', ratio: 0.25 }],
    ['parentbased_traceidratio', '0', { name: 'parentbased_traceidratio', ratio: 0 }],
    ['parentbased_always_off', undefined, { name: 'parentbased_always_off', ratio: 1 }],
  ])('reads the sampler %s (arg %s)', (sampler, arg, expected) => {
    const env = {
      ...ENDPOINT,
      OTEL_TRACES_SAMPLER: sampler,
      ...(arg ? { OTEL_TRACES_SAMPLER_ARG: arg } : {}),
    };
    expect(readTracingEnv(env, spec)).toMatchObject({ sampler: expected });
  });

  it('merges the OTLP headers, the traces ones winning, and prefers the traces timeout', () => {
    const env = {
      ...ENDPOINT,
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%3Db,x-team=mobile',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'api-key=traces',
      OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2000',
    };
    expect(readTracingEnv(env, spec)).toMatchObject({
      headers: { 'api-key': 'traces', 'x-team': 'mobile' },
      exportTimeoutMs: 2000,
    });
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
      OTEL_TRACES_SAMPLER: 'jaeger_remote',
      OTEL_TRACES_SAMPLER_ARG: '1.5',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_RESOURCE_ATTRIBUTES: 'novalue',
      OTEL_BSP_MAX_QUEUE_SIZE: '-1',
      OTEL_SDK_DISABLED: 'maybe',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'OTEL_BSP_MAX_QUEUE_SIZE',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'OTEL_RESOURCE_ATTRIBUTES',
      'OTEL_SDK_DISABLED',
      'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG',
    ]);
  });

  it('refuses a batch larger than the queue', () => {
    expect(
      problemsOf({ ...ENDPOINT, OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }),
    ).toEqual([expect.stringMatching(/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE: must not exceed/)]);
  });
});
