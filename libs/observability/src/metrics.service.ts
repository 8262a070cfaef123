import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One finished upstream call, as the downstream client reports it. */
export interface UpstreamCallMetric {
  upstream: string;
  method: string;
  outcome: string;
  status?: number;
  durationMs: number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * RED metrics (rate, errors, duration) per route and per upstream on an app-owned prom-client registry
 * (never the global one, so several apps can share a process in tests).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served, by route and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new Histogram({
    name: 'bff_upstream_request_duration_seconds',
    help: 'Duration of upstream calls, by upstream and outcome.',
    labelNames: ['upstream', 'method', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Records one served request. */
  recordRequest(method: string, route: string, statusCode: number, durationMs: number): void {
    this.httpDuration.observe({ method, route, status_code: String(statusCode) }, durationMs / 1000);
  }

  /** Records one upstream call (wire it to the downstream client's `onCall`). */
  recordUpstream(call: UpstreamCallMetric): void {
    this.upstreamDuration.observe(
      { upstream: call.upstream, method: call.method, outcome: call.outcome },
      call.durationMs / 1000,
    );
  }

  /** Prometheus text exposition. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
