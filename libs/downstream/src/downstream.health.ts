import { systemClock } from '@bff/core';
import { contributeHealth, type JsonValue } from '@bff/observability';
import { DOWNSTREAM_MODULE_OPTIONS } from './downstream.module-definition';
import type { DownstreamModuleOptions } from './downstream.options';
import { DownstreamRegistry } from './downstream.registry';
import { InstanceProbes } from './instances/instance-probes';
import type { UpstreamResilienceSnapshot } from './resilience.registry';
import { tlsReachable } from './tls/tls-reachable.check';

/** What the `circuits` check rejects with while a breaker is open (its code is the check's `error`). */
class CircuitsOpen extends Error {
  readonly code = 'CIRCUIT_OPEN';
}

/** What the `instances` check rejects with while an instance is ejected or does not answer. */
class InstanceOut extends Error {
  readonly code = 'INSTANCE_OUT';
}

/**
 * The downstream lib's readiness contribution: one critical check per configured upstream, named after it
 * (`users`, `orders`, ...), passing while the upstream answers HTTP at all (with several instances: every
 * instance is probed, and one answering is enough); one non-critical check `circuits`, down (readiness
 * `degraded`, not unavailable) while any breaker is open; with a multi-instance upstream, one non-critical
 * check `instances`, down while an instance is ejected or failed its probe; and the status `downstream`:
 * every upstream's breakers, bulkheads, retry budget, hedges, coalescing and instances (ejected or not, since
 * when, last probe). Registered by {@link DownstreamModule}; a no-op in an app without `ObservabilityModule`.
 */
export const downstreamHealthContribution = contributeHealth({
  inject: [DOWNSTREAM_MODULE_OPTIONS, DownstreamRegistry],
  contribute: function addUpstreamChecks(
    health,
    options: DownstreamModuleOptions,
    downstream: DownstreamRegistry,
  ) {
    const clock = options.clock ?? systemClock;
    const probes = new Map<string, InstanceProbes>();
    for (const [name, upstream] of Object.entries(options.upstreams)) {
      const { ca } = upstream;
      const instances = new InstanceProbes(
        (upstream.instances ?? [upstream.baseUrl]).map((i) => (typeof i === 'string' ? i : i.url)),
        clock,
        ca ? (origin) => tlsReachable(origin, ca) : undefined,
      );
      probes.set(name, instances);
      health.addCheck({ name, check: (signal) => instances.requireOne(signal) });
    }
    const resilience = downstream.resilience;
    if (Object.values(options.upstreams).some((upstream) => upstream.breaker !== false))
      health.addCheck({
        name: 'circuits',
        critical: false,
        check: async function noOpenCircuit() {
          if (resilience.openBreakers().length > 0) throw new CircuitsOpen();
        },
      });
    const several = [...probes].filter(([, p]) => p.size > 1);
    if (several.length > 0)
      health.addCheck({
        name: 'instances',
        critical: false,
        check: async function everyInstanceIn(signal) {
          const answered = await Promise.all(several.map(([, p]) => p.allUp(signal)));
          const snapshot = resilience.snapshot();
          const ejected = several.some(([name]) => snapshot[name]?.instances?.some((i) => i.ejected));
          if (ejected || answered.includes(false)) throw new InstanceOut();
        },
      });
    health.addStatus({
      name: 'downstream',
      state: () => withProbes(resilience.snapshot(), probes) as unknown as JsonValue,
    });
  },
});

/** The resilience snapshot with each instance's last readiness probe beside its ejection state. */
function withProbes(
  snapshot: Record<string, UpstreamResilienceSnapshot>,
  probes: ReadonlyMap<string, InstanceProbes>,
): Record<string, UpstreamResilienceSnapshot> {
  for (const [name, upstream] of Object.entries(snapshot)) {
    const results = probes.get(name)?.results() ?? [];
    if (upstream.instances === undefined) continue;
    upstream.instances = upstream.instances.map((instance) => {
      const probe = results[instance.index];
      return probe ? { ...instance, probe } : instance;
    });
  }
  return snapshot;
}
