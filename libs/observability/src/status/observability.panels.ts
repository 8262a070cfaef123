import type { HealthRegistry } from '../health.registry';
import type { StatusTone } from '../health.types';
import type { MetricsService } from '../metrics.service';
import { statusColumns, statusFormat } from './status-format';

/** Tone of a row by its failure share: any failure warns, 5 % and more is bad. */
export function errorTone(share: number): StatusTone {
  return share >= 0.05 ? 'bad' : share > 0 ? 'warn' : 'ok';
}

/**
 * The observability lib's own panels: `readiness` (each check of the last readiness run) and `routes` (rate,
 * 5xx rate and p99 per route template over the status window).
 */
export function addObservabilityPanels(health: HealthRegistry, metrics: MetricsService): void {
  health.addPanel({
    name: 'readiness',
    title: 'Readiness',
    order: 0,
    panel: () => ({
      columns: statusColumns({
        check: 'check',
        status: 'status',
        critical: 'critical',
        duration: 'took',
        error: 'error',
      }),
      rows: Object.entries(health.lastReport()?.details ?? {}).map(([check, result]) => ({
        id: check,
        tone: result.status === 'up' ? 'ok' : result.critical ? 'bad' : 'warn',
        cells: {
          check,
          status: result.status,
          critical: result.critical ? 'yes' : 'no',
          duration: statusFormat.ms(result.durationMs),
          error: result.error ?? null,
        },
      })),
    }),
  });
  health.addPanel({
    name: 'routes',
    title: 'Routes',
    order: 10,
    panel: () => ({
      columns: statusColumns({
        route: 'route',
        rate: 'rate',
        errors: '5xx',
        p99: 'p99',
        requests: 'requests',
      }),
      rows: metrics
        .routeStats()
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((s) => ({
          id: s.key,
          tone: errorTone(s.errorRate),
          cells: {
            route: s.key,
            rate: statusFormat.rate(s.ratePerSec),
            errors: statusFormat.percent(s.errorRate),
            p99: statusFormat.ms(s.p99Ms),
            requests: s.requests,
          },
        })),
    }),
  });
}
