import type { FactoryProvider } from '@nestjs/common';
import { MetricsService } from '@bff/observability';
import { Counter, Gauge, type Registry } from 'prom-client';
import { DownstreamRegistry } from './downstream.registry';
import type { InstanceSnapshot, ResilienceRegistry, UpstreamResilienceSnapshot } from './resilience.registry';

type Snapshot = Record<string, UpstreamResilienceSnapshot>;
type Sample = [labels: Record<string, string>, value: number];

const STATE_VALUE = { closed: 0, half_open: 1, open: 2 } as const;

/**
 * Registers the resilience metrics of every upstream on `registry`, read at scrape time (nothing on the call path
 * but the transitions counter, bumped once per state change):
 * `bff_circuit_breaker_state` (0 closed, 1 half-open, 2 open), `bff_circuit_breaker_transitions_total{to}`,
 * `bff_circuit_breaker_rejected_total`, `bff_bulkhead_active`, `bff_bulkhead_queued`,
 * `bff_bulkhead_rejected_total`, `bff_retry_budget_calls`, `bff_retry_budget_extra` (retries and hedges; both
 * over the budget's window), `bff_retry_budget_exhausted_total`, and per instance of a multi-instance upstream
 * `bff_upstream_instance_ejected{upstream,instance}` and `bff_upstream_instance_ejections_total`, plus
 * `bff_upstream_hedges_total{upstream,result}` (sent, won, denied) and `bff_upstream_coalesced_total{upstream,role}`
 * (leader, joined). Every label comes from configuration (upstream names, instance indexes), never from input.
 * @example registerResilienceMetrics(metrics.registry, downstream.resilience)
 */
export function registerResilienceMetrics(registry: Registry, resilience: ResilienceRegistry): void {
  const sampled = (
    kind: 'gauge' | 'counter',
    name: string,
    help: string,
    labelNames: string[],
    read: (snapshot: Snapshot) => Sample[],
  ) => {
    const collect = function collect(this: Gauge | Counter) {
      this.reset();
      for (const [labels, value] of read(resilience.snapshot())) {
        if (this instanceof Gauge) this.set(labels, value);
        else if (value > 0) this.inc(labels, value);
      }
    };
    const config = { name, help, labelNames, registers: [registry], collect };
    if (kind === 'gauge') new Gauge(config);
    else new Counter(config);
  };
  const breakers = (value: (b: UpstreamResilienceSnapshot['breakers'][string]) => number) => (s: Snapshot) =>
    Object.entries(s).flatMap(([upstream, u]) =>
      Object.entries(u.breakers).map(([breaker, b]): Sample => [{ upstream, breaker }, value(b)]),
    );
  const bulkheads =
    (value: (b: UpstreamResilienceSnapshot['bulkheads'][string]) => number) => (s: Snapshot) =>
      Object.entries(s).flatMap(([upstream, u]) =>
        Object.entries(u.bulkheads).map(([bulkhead, b]): Sample => [{ upstream, bulkhead }, value(b)]),
      );
  const budgets =
    (value: (b: NonNullable<UpstreamResilienceSnapshot['retryBudget']>) => number) => (s: Snapshot) =>
      Object.entries(s).flatMap(([upstream, u]): Sample[] =>
        u.retryBudget ? [[{ upstream }, value(u.retryBudget)]] : [],
      );

  const perBreaker = ['upstream', 'breaker'];
  const perBulkhead = ['upstream', 'bulkhead'];
  sampled(
    'gauge',
    'bff_circuit_breaker_state',
    'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
    perBreaker,
    breakers((b) => STATE_VALUE[b.state]),
  );
  sampled(
    'counter',
    'bff_circuit_breaker_rejected_total',
    'Calls refused by an open circuit breaker.',
    perBreaker,
    breakers((b) => b.rejected),
  );
  sampled(
    'gauge',
    'bff_bulkhead_active',
    'Upstream attempts in flight through the bulkhead.',
    perBulkhead,
    bulkheads((b) => b.active),
  );
  sampled(
    'gauge',
    'bff_bulkhead_queued',
    'Upstream attempts waiting for a bulkhead slot.',
    perBulkhead,
    bulkheads((b) => b.queued),
  );
  sampled(
    'counter',
    'bff_bulkhead_rejected_total',
    'Upstream attempts refused by a full bulkhead.',
    perBulkhead,
    bulkheads((b) => b.rejected),
  );
  sampled(
    'gauge',
    'bff_retry_budget_calls',
    'Upstream calls over the retry budget window.',
    ['upstream'],
    budgets((b) => b.calls),
  );
  sampled(
    'gauge',
    'bff_retry_budget_extra',
    'Retries and hedges over the retry budget window.',
    ['upstream'],
    budgets((b) => b.extra),
  );
  sampled(
    'counter',
    'bff_retry_budget_exhausted_total',
    'Retries refused by the retry budget.',
    ['upstream'],
    budgets((b) => b.refused),
  );

  const perUpstream =
    (value: (u: UpstreamResilienceSnapshot) => Sample[]) =>
    (s: Snapshot): Sample[] =>
      Object.entries(s).flatMap(([upstream, u]) =>
        value(u).map(([labels, v]): Sample => [{ upstream, ...labels }, v]),
      );
  const instances = (value: (i: InstanceSnapshot) => number) =>
    perUpstream((u) => (u.instances ?? []).map((i): Sample => [{ instance: String(i.index) }, value(i)]));
  sampled(
    'gauge',
    'bff_upstream_instance_ejected',
    'Whether an instance of a multi-instance upstream is ejected now (1) or in service (0).',
    ['upstream', 'instance'],
    instances((i) => (i.ejected ? 1 : 0)),
  );
  sampled(
    'counter',
    'bff_upstream_instance_ejections_total',
    'Outlier ejections of an instance since start.',
    ['upstream', 'instance'],
    instances((i) => i.ejectionsTotal),
  );
  sampled(
    'counter',
    'bff_upstream_hedges_total',
    'Hedged attempts: sent, won (answered first) and denied by the retry budget.',
    ['upstream', 'result'],
    perUpstream((u) =>
      u.hedge
        ? (['sent', 'won', 'denied'] as const).map((result): Sample => [{ result }, u.hedge![result]])
        : [],
    ),
  );
  sampled(
    'counter',
    'bff_upstream_coalesced_total',
    'Coalesced GETs: leader (made the shared call) or joined (answered by another call).',
    ['upstream', 'role'],
    perUpstream((u) =>
      u.coalesce
        ? [
            [{ role: 'leader' }, u.coalesce.leaders],
            [{ role: 'joined' }, u.coalesce.joined],
          ]
        : [],
    ),
  );

  const transitions = new Counter({
    name: 'bff_circuit_breaker_transitions_total',
    help: 'Circuit breaker state changes, by the state entered.',
    labelNames: ['breaker', 'to'],
    registers: [registry],
  });
  resilience.onStateChange(function countTransition(change) {
    transitions.inc({ breaker: change.name, to: change.to });
  });
}

/**
 * The downstream lib's metrics contribution: the resilience metrics on the app's `MetricsService` registry.
 * Registered by `DownstreamModule`; a no-op in an app without `ObservabilityModule`.
 */
export const downstreamMetricsContribution: FactoryProvider = {
  provide: Symbol('downstream metrics'),
  inject: [{ token: MetricsService, optional: true }, DownstreamRegistry],
  useFactory: function addResilienceMetrics(
    metrics: MetricsService | undefined,
    downstream: DownstreamRegistry,
  ) {
    if (metrics) registerResilienceMetrics(metrics.registry, downstream.resilience);
    return true;
  },
};
