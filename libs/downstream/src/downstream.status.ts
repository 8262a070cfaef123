import {
  contributeHealth,
  errorTone,
  MetricsService,
  statusColumns,
  statusFormat,
  type StatusRow,
  type StatusTone,
  type TrafficStats,
} from '@bff/observability';
import { DownstreamRegistry } from './downstream.registry';
import type { UpstreamResilienceSnapshot } from './resilience.registry';

const UPSTREAM_COLUMNS = statusColumns({
  upstream: 'upstream',
  breaker: 'breaker',
  probeIn: 'probes in',
  rate: 'attempts',
  errors: 'failed',
  p99: 'p99',
  bulkhead: 'in flight / queued',
  retries: 'retries + hedges / calls',
  instances: 'instances in service',
  hedges: 'hedges sent / won',
  coalesced: 'coalesced',
});

const INSTANCE_COLUMNS = statusColumns({
  instance: 'instance',
  state: 'state',
  ejectedFor: 'ejected for',
  backIn: 'back in',
  ejections: 'ejections',
  probe: 'last probe',
});

/**
 * The downstream lib's status-page panels: `upstreams` (per upstream: breaker state, rate, failure rate and p99
 * of its attempts over the status window, bulkhead, retry budget, instances, hedges, coalescing) and, with a
 * multi-instance upstream, `instances` (each one in service or ejected, since when, its last probe). Instances
 * are named `upstream[index]` after their place in `UPSTREAM_<NAME>_URL`, never by URL.
 */
export const downstreamStatusContribution = contributeHealth({
  inject: [DownstreamRegistry, { token: MetricsService, optional: true }],
  contribute: function addUpstreamPanels(
    health,
    downstream: DownstreamRegistry,
    metrics: MetricsService | undefined,
  ) {
    const snapshot = () =>
      health.status().downstream as unknown as Record<string, UpstreamResilienceSnapshot>;
    health.addPanel({
      name: 'upstreams',
      title: 'Upstreams',
      order: 20,
      panel: () => {
        const traffic = new Map((metrics?.upstreamStats() ?? []).map((s) => [s.key, s]));
        const state = downstream.resilience.snapshot();
        return {
          columns: UPSTREAM_COLUMNS,
          rows: downstream.names().map((name) => upstreamRow(name, state[name], traffic.get(name))),
        };
      },
    });
    const several = Object.values(downstream.resilience.snapshot()).some((u) => u.instances !== undefined);
    if (several)
      health.addPanel({
        name: 'instances',
        title: 'Upstream instances',
        order: 21,
        panel: () => ({
          columns: INSTANCE_COLUMNS,
          rows: Object.entries(snapshot()).flatMap(([name, upstream]) =>
            (upstream.instances ?? []).map((i): StatusRow => ({
              id: `${name}[${i.index}]`,
              tone: i.ejected || i.probe?.status === 'down' ? 'bad' : 'ok',
              cells: {
                instance: `${name}[${i.index}]`,
                state: i.ejected ? 'ejected' : 'in service',
                ejectedFor: statusFormat.ms(i.ejectedForMs),
                backIn: statusFormat.ms(i.returnsInMs),
                ejections: i.ejectionsTotal,
                probe: i.probe
                  ? `${i.probe.status}${i.probe.error ? ` (${i.probe.error})` : ''}, ${statusFormat.ago(i.probe.agoMs)}`
                  : null,
              },
            })),
          ),
        }),
      });
  },
});

function upstreamRow(
  name: string,
  state: UpstreamResilienceSnapshot | undefined,
  traffic: TrafficStats | undefined,
): StatusRow {
  const breakers = Object.entries(state?.breakers ?? {});
  const own = state?.breakers[name];
  const others = breakers.filter(([key, b]) => key !== name && b.state !== 'closed');
  const worst = breakers.some(([, b]) => b.state === 'open')
    ? 'open'
    : breakers.some(([, b]) => b.state === 'half_open')
      ? 'half_open'
      : undefined;
  const instances = state?.instances;
  const inService = instances?.filter((i) => !i.ejected).length;
  let tone: StatusTone = errorTone(traffic?.errorRate ?? 0);
  if (worst === 'half_open' || (instances && inService !== instances.length)) tone = 'warn';
  if (worst === 'open') tone = 'bad';
  const bulkhead = state?.bulkheads[name];
  const budget = state?.retryBudget;
  return {
    id: name,
    tone,
    cells: {
      upstream: name,
      breaker:
        (own?.state ?? (breakers.length === 0 ? 'off' : 'closed')) +
        (others.length > 0 ? ` (${others.map(([key, b]) => `${key} ${b.state}`).join(', ')})` : ''),
      probeIn: own && own.state === 'open' ? statusFormat.ms(own.retryAfterMs) : null,
      rate: traffic ? statusFormat.rate(traffic.ratePerSec) : null,
      errors: traffic ? statusFormat.percent(traffic.errorRate) : null,
      p99: statusFormat.ms(traffic?.p99Ms),
      bulkhead: bulkhead ? `${bulkhead.active} / ${bulkhead.queued}` : null,
      retries: budget ? `${budget.extra} / ${budget.calls}` : null,
      instances: instances ? `${inService} / ${instances.length}` : null,
      hedges: state?.hedge ? `${state.hedge.sent} / ${state.hedge.won}` : null,
      coalesced: state?.coalesce ? state.coalesce.joined : null,
    },
  };
}
