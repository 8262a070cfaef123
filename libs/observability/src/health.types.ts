/** A value a status contributor may report: plain JSON, so a status page and `/health/ready` can show it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Probes one dependency: resolves when it is usable, rejects otherwise. The signal aborts when the check's
 * time is up, so a probe can cancel its I/O.
 */
export type ReadinessProbe = (signal: AbortSignal) => Promise<unknown>;

/** A named readiness check a lib contributes to the {@link HealthRegistry}. */
export interface ReadinessCheck {
  /** Key under `checks` in `/health/ready`, e.g. `users` or `redis`; unique per app. */
  name: string;
  /** The probe; a rejection or a timeout reports the check `down`. */
  check: ReadinessProbe;
  /**
   * Whether the app is unready while this check is down (503 + `Retry-After`). A non-critical check that is
   * down only turns the status `degraded` (200). Default is true.
   */
  critical?: boolean;
  /** Time (in milliseconds) the probe may take. Default is the registry's, 1000 (1 second). */
  timeoutMs?: number;
}

/** A lib's live state, e.g. a connection's status and last error, for the status page and readiness detail. */
export interface StatusContributor {
  /** Key of this state in the status report; unique per app. */
  name: string;
  /** A small JSON snapshot, cheap to compute; never secrets, URLs or hosts. */
  state: () => JsonValue;
}

/** Outcome of one readiness check. */
export interface CheckResult {
  status: 'up' | 'down';
  critical: boolean;
  /** Time the probe took, in milliseconds. */
  durationMs: number;
  /** Why it is down: `timeout`, the error's `code` (`ECONNREFUSED`) or its class name; never a message. */
  error?: string;
}

/** What {@link HealthRegistry.check} answers. */
export interface ReadinessReport {
  /** `ok`: all up; `degraded`: a non-critical check is down; `unavailable`: a critical check is down. */
  status: 'ok' | 'degraded' | 'unavailable';
  checks: Record<string, 'up' | 'down'>;
  details: Record<string, CheckResult>;
}

/** A cell of a status-page table: text as shown, a number, or nothing. */
export type StatusCell = string | number | null;

/** How a status-page row is coloured: `ok`, `warn` (degraded) or `bad` (failing, e.g. a breaker open). */
export type StatusTone = 'ok' | 'warn' | 'bad';

/** One row of a status-page panel. */
export interface StatusRow {
  /** Stable id of the row (an upstream, a route), the page's `data-row`. */
  id: string;
  /** Cells by column key. */
  cells: Record<string, StatusCell>;
  tone?: StatusTone;
}

/** A table on the status page, as a lib contributes it. */
export interface StatusPanel {
  /** Column keys (the page's `data-cell`) and headings, in order. */
  columns: ReadonlyArray<{ key: string; label: string }>;
  rows: StatusRow[];
  /** A line under the table (e.g. the limiter's store state). */
  note?: string;
}

/** A lib's panel on the status page (`GET /status`): a table computed from its live state when the page polls. */
export interface StatusPanelContributor {
  /** Key of the panel, unique per app (the page's `data-panel`). */
  name: string;
  /** Heading on the page. */
  title: string;
  /** Position on the page, ascending. Default is 100. */
  order?: number;
  /** The table now; cheap, no I/O; never secrets or upstream URLs. */
  panel: () => StatusPanel;
}
