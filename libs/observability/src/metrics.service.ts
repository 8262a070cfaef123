import { Inject, Injectable, Optional } from '@nestjs/common';
import { systemClock, type Clock, type DegradedPart } from '@bff/core';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { FastHistogram, type ExemplarTrace } from './fast-histogram';
import { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from './observability.module-definition';
import { RollingWindow } from './status/rolling-window';
import { trafficWindow, type TrafficStats } from './status/traffic-window';
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

/** Upstream outcomes that count as failures in the status view (answers, cache hits and cancellations do not). */
const UPSTREAM_FAILURES: ReadonlySet<string> = new Set([
  'timeout',
  'unavailable',
  'bad_gateway',
  'circuit_open',
  'rejected',
  'retried',
  'deadline',
]);

/** The observability lib's own routes, left out of the status view's routes (probes and polls would fill it). */
const OPERATOR_ROUTES: ReadonlySet<string> = new Set([
  '/health/live',
  '/health/ready',
  '/metrics',
  '/status',
  '/status/data',
]);

/** Rate-limit decisions of one policy over the status window. */
export interface RateLimitActivity {
  policy: string;
  /** Decisions by outcome in the window. */
  outcomes: Record<RateLimitOutcome, number>;
  /** Decisions per second over the window. */
  ratePerSec: number;
  /** Time (in milliseconds) the figures cover. */
  spanMs: number;
}

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
  /**
   * One child per (policy, outcome): prom-client hashes labels on every `inc()` otherwise; `n` is the same count,
   * read by the status view.
   */
  private readonly decisionChildren = new Map<
    string,
    { inc(): void; n: number; policy: string; outcome: RateLimitOutcome }
  >();

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

  private readonly clock: Clock;
  private readonly windowMs: number;
  /** When the metrics were made (clock milliseconds): the status windows' first baseline. */
  private readonly startedAt: number;
  private routeWindow?: () => TrafficStats[];
  private upstreamWindow?: () => TrafficStats[];
  private decisionWindow?: RollingWindow;

  constructor(@Optional() @Inject(OBSERVABILITY_OPTIONS) options?: ObservabilityModuleOptions) {
    this.clock = options?.clock ?? systemClock;
    this.windowMs = options?.statusWindowMs ?? 60_000;
    this.startedAt = this.clock.now();
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
      const counter = this.rateLimitDecisions.labels(policy, outcome);
      child = { inc: () => counter.inc(), n: 0, policy, outcome };
      this.decisionChildren.set(key, child);
    }
    child.inc();
    child.n++;
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
   * Rate, error rate (5xx) and p99 per route template over the status window (`statusWindowMs`), the
   * observability routes left out. Read from the request histogram; nothing is recorded for it.
   * @example metrics.routeStats() // [{ key: 'GET /v1/home', ratePerSec: 2.1, errorRate: 0, p99Ms: 23.4, ... }]
   */
  routeStats(): TrafficStats[] {
    this.routeWindow ??= trafficWindow(this.httpDuration, {
      group: ([method, route]) => (OPERATOR_ROUTES.has(route) ? undefined : `${method} ${route}`),
      failed: ([, , status]) => status.length === 3 && status >= '500',
      windowMs: this.windowMs,
      clock: this.clock,
      since: this.startedAt,
    });
    return this.routeWindow();
  }

  /**
   * Rate, failure rate and p99 of the attempts per upstream over the status window (`key` is the upstream);
   * failures are timeouts, unreachable, 5xx, refusals (circuit open, bulkhead full), retried attempts and deadlines.
   */
  upstreamStats(): TrafficStats[] {
    this.upstreamWindow ??= trafficWindow(this.upstreamDuration, {
      group: ([upstream]) => upstream,
      failed: ([, , outcome]) => UPSTREAM_FAILURES.has(outcome),
      windowMs: this.windowMs,
      clock: this.clock,
      since: this.startedAt,
    });
    return this.upstreamWindow();
  }

  /** Rate-limit decisions per policy and outcome over the status window. */
  rateLimitStats(): RateLimitActivity[] {
    const children = this.decisionChildren;
    this.decisionWindow ??= new RollingWindow(
      () => new Map([...children.values()].map((c) => [`${c.policy}\u0000${c.outcome}`, [c.n]])),
      { windowMs: this.windowMs, clock: this.clock, since: this.startedAt },
    );
    const { spanMs, values } = this.decisionWindow.delta();
    const byPolicy = new Map<string, RateLimitActivity>();
    for (const [key, [n]] of values) {
      const [policy, outcome] = key.split('\u0000') as [string, RateLimitOutcome];
      let row = byPolicy.get(policy);
      if (row === undefined) {
        row = {
          policy,
          outcomes: { allowed: 0, limited: 0, fail_open: 0, fail_closed: 0 },
          ratePerSec: 0,
          spanMs,
        };
        byPolicy.set(policy, row);
      }
      row.outcomes[outcome] += n;
      row.ratePerSec += n / (Math.max(spanMs, 1) / 1000);
    }
    return [...byPolicy.values()];
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
