import { Injectable } from '@nestjs/common';
import type { DegradedPart } from '@bff/core';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { FastHistogram, type ExemplarTrace } from './fast-histogram';
import { openMetricsView } from './openmetrics-view';

/** One finished upstream call, as the downstream client reports it. */
export interface UpstreamCallMetric {
  upstream: string;
  method: string;
  outcome: string;
  status?: number;
  durationMs: number;
}

/** `String(status)` without a new string per request for the usual statuses. */
const STATUS_TEXT: readonly string[] = Array.from({ length: 600 }, (_, i) => String(i));
const statusText = (status: number): string => STATUS_TEXT[status] ?? String(status);

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Rate-limit store round trips are sub-millisecond to tens of milliseconds (the store's timeout is ~50 ms). */
const STORE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/** How a rate-limit decision ended: admitted, refused (429), decided locally or refused (503) during an outage. */
export type RateLimitOutcome = 'allowed' | 'limited' | 'fail_open' | 'fail_closed';

/** The rate-limit store's breaker state as a gauge value: 0 healthy, 1 degraded, 2 open. */
export const RATE_LIMIT_STORE_STATES = Object.freeze({ healthy: 0, degraded: 1, open: 2 });

/**
 * RED metrics (rate, errors, duration) per route template and per upstream, degraded parts by part and code,
 * requests in flight, process metrics (event-loop lag, heap, GC, CPU) on an app-owned prom-client registry
 * (never the global one, so several apps can share a process in tests). The two per-request histograms are
 * {@link FastHistogram}s: exported exactly like prom-client's, recorded without its per-call label hashing.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpDuration = new FastHistogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests served, by route and status.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new FastHistogram({
    name: 'bff_upstream_request_duration_seconds',
    help: 'Duration of upstream calls, by upstream and outcome.',
    labelNames: ['upstream', 'method', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly rateLimitDecisions = new Counter({
    name: 'bff_rate_limit_decisions_total',
    help: 'Rate-limit decisions, by policy and outcome (allowed, limited, fail_open, fail_closed).',
    labelNames: ['policy', 'outcome'] as const,
    registers: [this.registry],
  });
  /** One child per (policy, outcome): prom-client hashes labels on every `inc()` otherwise. */
  private readonly decisionChildren = new Map<string, { inc(): void }>();

  private readonly rateLimitStoreDuration = new FastHistogram({
    name: 'bff_rate_limit_store_duration_seconds',
    help: 'Duration of rate-limit store decisions, by store (shared, local).',
    labelNames: ['store'] as const,
    buckets: STORE_BUCKETS,
    registers: [this.registry],
  });

  private readonly rateLimitStoreState = new Gauge({
    name: 'bff_rate_limit_store_state',
    help: 'Breaker state of the shared rate-limit store: 0 healthy, 1 degraded, 2 open (bypassed).',
    registers: [this.registry],
  });
  private readonly degradedParts = new Counter({
    name: 'bff_degraded_parts_total',
    help: 'Optional parts that degraded an answer, by route, part and error code.',
    labelNames: ['route', 'part', 'code'] as const,
    registers: [this.registry],
  });

  /** Requests received and not yet answered (read by the `bff_http_requests_in_flight` gauge on scrape). */
  inFlight = 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const readInFlight = (): number => this.inFlight;
    new Gauge({
      name: 'bff_http_requests_in_flight',
      help: 'Requests received and not yet answered.',
      registers: [this.registry],
      collect() {
        this.set(readInFlight());
      },
    });
  }

  /** Counts one rate-limit decision of one policy. */
  recordRateLimitDecision(policy: string, outcome: RateLimitOutcome): void {
    const key = `${policy}\u0000${outcome}`;
    let child = this.decisionChildren.get(key);
    if (child === undefined) {
      child = this.rateLimitDecisions.labels(policy, outcome);
      this.decisionChildren.set(key, child);
    }
    child.inc();
  }

  /** Records how long one rate-limit store decision took (`shared` = Redis, `local` = in process). */
  recordRateLimitStore(store: 'shared' | 'local', durationMs: number): void {
    this.rateLimitStoreDuration.observe([store], durationMs / 1000);
  }

  /** Sets the shared rate-limit store's breaker state. */
  setRateLimitStoreState(state: keyof typeof RATE_LIMIT_STORE_STATES): void {
    this.rateLimitStoreState.set(RATE_LIMIT_STORE_STATES[state]);
  }

  /** Records one served request; `exemplar` is its trace when it was sampled (OpenMetrics exemplars). */
  recordRequest(
    method: string,
    route: string,
    statusCode: number,
    durationMs: number,
    exemplar?: ExemplarTrace,
  ): void {
    this.httpDuration.observe([method, route, statusText(statusCode)], durationMs / 1000, exemplar);
  }

  /** Counts the degraded parts of one answer (part names and codes come from code, never from input). */
  recordDegraded(route: string, parts: readonly DegradedPart[]): void {
    for (const { part, code } of parts) this.degradedParts.inc({ route, part, code });
  }

  /** Records one upstream call (wire it to the downstream client's `onCall`). */
  recordUpstream(call: UpstreamCallMetric): void {
    this.upstreamDuration.observe([call.upstream, call.method, call.outcome], call.durationMs / 1000);
  }

  /**
   * The exposition the scraper asks for: OpenMetrics (with the latency buckets' trace exemplars) when its
   * `Accept` names `application/openmetrics-text`, as Prometheus sends it; Prometheus text otherwise.
   * @example await metrics.exposition(request.headers.accept)
   */
  async exposition(accept?: string): Promise<{ contentType: string; body: string }> {
    const registry =
      accept?.includes('application/openmetrics-text') === true
        ? openMetricsView(this.registry)
        : this.registry;
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}
