import type { StatusCell, StatusPanel } from '../health.types';

/**
 * A panel's columns from `{ key: heading }`, in the object's order.
 * @example statusColumns({ route: 'route', p99: 'p99' }) // [{ key: 'route', label: 'route' }, { key: 'p99', label: 'p99' }]
 */
export function statusColumns(labels: Record<string, string>): StatusPanel['columns'] {
  return Object.entries(labels).map(([key, label]) => ({ key, label }));
}

/**
 * How status-page panels write numbers, so every lib's panel reads alike.
 * @example statusFormat.rate(2.345) // '2.35/s'; statusFormat.ms(1234) // '1.23 s'
 */
export const statusFormat = {
  /** Events per second. */
  rate(perSec: number): string {
    return `${perSec >= 100 ? Math.round(perSec) : Number(perSec.toPrecision(3))}/s`;
  },
  /** A share 0..1 as a percentage. */
  percent(share: number): string {
    if (share === 0) return '0 %';
    return `${share < 0.001 ? '<0.1' : Number((share * 100).toPrecision(3))} %`;
  },
  /** A duration in milliseconds, or null when unknown. */
  ms(ms: number | undefined): StatusCell {
    if (ms === undefined) return null;
    if (ms >= 1000) return `${Number((ms / 1000).toPrecision(3))} s`;
    return `${Number(ms.toPrecision(3))} ms`;
  },
  /** A time in the past, from its age in milliseconds. */
  ago(ms: number | undefined): StatusCell {
    if (ms === undefined) return null;
    if (ms < 1000) return 'just now';
    const s = Math.round(ms / 1000);
    return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
  },
};
