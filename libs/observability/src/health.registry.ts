import { type Clock, ConfigError, systemClock, type TimerHandle } from '@bff/core';
import type {
  CheckResult,
  JsonValue,
  ReadinessCheck,
  ReadinessReport,
  StatusContributor,
  StatusPanel,
  StatusPanelContributor,
} from './health.types';

/** A panel as {@link HealthRegistry.panels} returns it. */
export interface RenderedPanel extends StatusPanel {
  name: string;
  title: string;
}

/** Options of a {@link HealthRegistry}. */
export interface HealthRegistryOptions {
  /** Time (in milliseconds) a check may take unless it sets its own `timeoutMs`. Default is 1000 (1 second). */
  defaultTimeoutMs?: number;
  /** Most checks, and separately most status contributors, one app may register. Default is 64. */
  maxEntries?: number;
  /**
   * Time (in milliseconds) {@link HealthRegistry.ready} answers from its last run instead of probing again, so a
   * flood of probes is never a flood on the dependencies. 0 probes on every call (still one run at a time).
   * Default is 1000 (1 second).
   */
  cacheMs?: number;
  /**
   * Overrides of what a lib registered as critical, by check name: the app decides which dependencies make it
   * unable to serve (e.g. `{ keys: true }`: unready while no identity provider key set can be used). Default
   * is none.
   */
  critical?: Readonly<Record<string, boolean>>;
  /** Clock of check timeouts, durations and the cache. Default is `systemClock`. */
  clock?: Clock;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/**
 * The open registry of readiness checks and status contributors: each lib registers what it owns (the
 * downstream lib one check per upstream, the Redis lib its connection, auth its key sets), and
 * `/health/ready` and the status page read it. Provided (global) by `ObservabilityModule`.
 *
 * @example
 * health.addCheck({ name: 'redis', check: () => connection.ping(), critical: false });
 * health.addStatus({ name: 'redis', state: () => connection.health() });
 * @throws ConfigError (BFF_ERR_CONFIG) on a duplicate or malformed name, a bad timeout, or too many entries
 */
export class HealthRegistry {
  private readonly checks = new Map<string, Required<ReadinessCheck>>();
  private readonly contributors = new Map<string, StatusContributor>();
  private readonly panelContributors = new Map<string, Required<StatusPanelContributor>>();
  private readonly defaultTimeoutMs: number;
  private readonly maxEntries: number;
  private readonly cacheMs: number;
  private readonly critical: Readonly<Record<string, boolean>>;
  private readonly clock: Clock;
  private last?: { at: number; report: ReadinessReport };
  private running?: Promise<ReadinessReport>;

  constructor(options: HealthRegistryOptions = {}) {
    this.defaultTimeoutMs = positiveInt(options.defaultTimeoutMs ?? 1000, 'defaultTimeoutMs');
    this.maxEntries = positiveInt(options.maxEntries ?? 64, 'maxEntries');
    this.cacheMs = nonNegativeInt(options.cacheMs ?? 1000, 'cacheMs');
    this.critical = options.critical ?? {};
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Registers a readiness check; returns a function that removes it.
   * @throws ConfigError on a duplicate or malformed name, a bad timeout, or more than `maxEntries` checks
   */
  addCheck(check: ReadinessCheck): () => void {
    const name = this.admit(this.checks, check.name, 'readiness check');
    if (typeof check.check !== 'function')
      throw new ConfigError([`readiness check "${name}": check must be a function`]);
    const entry: Required<ReadinessCheck> = {
      name,
      check: check.check,
      critical: this.critical[name] ?? check.critical ?? true,
      timeoutMs: positiveInt(check.timeoutMs ?? this.defaultTimeoutMs, `readiness check "${name}" timeoutMs`),
    };
    this.checks.set(name, entry);
    return () => void (this.checks.get(name) === entry && this.checks.delete(name));
  }

  /**
   * Registers a status contributor; returns a function that removes it.
   * @throws ConfigError on a duplicate or malformed name, or more than `maxEntries` contributors
   */
  addStatus(contributor: StatusContributor): () => void {
    const name = this.admit(this.contributors, contributor.name, 'status contributor');
    if (typeof contributor.state !== 'function')
      throw new ConfigError([`status contributor "${name}": state must be a function`]);
    const entry = { name, state: contributor.state };
    this.contributors.set(name, entry);
    return () => void (this.contributors.get(name) === entry && this.contributors.delete(name));
  }

  /**
   * Registers a status-page panel (a table the page shows, see `StatusPanelContributor`); returns a function
   * that removes it.
   * @example health.addPanel({ name: 'search', title: 'Search', panel: () => ({ columns, rows }) });
   * @throws ConfigError on a duplicate or malformed name, or more than `maxEntries` panels
   */
  addPanel(contributor: StatusPanelContributor): () => void {
    const name = this.admit(this.panelContributors, contributor.name, 'status panel');
    if (typeof contributor.panel !== 'function')
      throw new ConfigError([`status panel "${name}": panel must be a function`]);
    const entry = { order: 100, ...contributor, name };
    this.panelContributors.set(name, entry);
    return () => void (this.panelContributors.get(name) === entry && this.panelContributors.delete(name));
  }

  /**
   * Every panel now, by `order` then registration; a panel that throws shows a note with its error's class
   * name instead of its rows.
   */
  panels(): RenderedPanel[] {
    return [...this.panelContributors.values()]
      .sort((a, b) => a.order - b.order)
      .map(({ name, title, panel }) => {
        try {
          return { name, title, ...panel() };
        } catch (err) {
          return { name, title, columns: [], rows: [], note: `unavailable (${errorLabel(err)})` };
        }
      });
  }

  /** Names of the registered checks, in registration order. */
  checkNames(): string[] {
    return [...this.checks.keys()];
  }

  /**
   * The readiness report for a probe: the last run's while it is younger than `cacheMs`, else a new run that
   * every concurrent caller shares. Never rejects.
   * @example const { status } = await health.ready(); // 50 probes within a second: one run of the checks
   */
  ready(): Promise<ReadinessReport> {
    const last = this.last;
    if (last !== undefined && this.clock.now() - last.at < this.cacheMs) return Promise.resolve(last.report);
    return (this.running ??= this.check().then((report) => {
      this.last = { at: this.clock.now(), report };
      this.running = undefined;
      return report;
    }));
  }

  /** The last report {@link ready} computed, however old, or undefined before the first run. */
  lastReport(): ReadinessReport | undefined {
    return this.last?.report;
  }

  /** Runs every check now, in parallel, each bounded by its timeout; never rejects. Probes use {@link ready}. */
  async check(): Promise<ReadinessReport> {
    const entries = [...this.checks.values()];
    const results = await Promise.all(entries.map((entry) => runCheck(entry, this.clock)));
    const checks: Record<string, 'up' | 'down'> = {};
    const details: Record<string, CheckResult> = {};
    let status: ReadinessReport['status'] = 'ok';
    entries.forEach((entry, i) => {
      const result = results[i];
      checks[entry.name] = result.status;
      details[entry.name] = result;
      if (result.status === 'down')
        status = entry.critical ? 'unavailable' : status === 'ok' ? 'degraded' : status;
    });
    return { status, checks, details };
  }

  /** Every contributor's state by name; a contributor that throws reports `{ error: <class name> }`. */
  status(): Record<string, JsonValue> {
    const out: Record<string, JsonValue> = {};
    for (const { name, state } of this.contributors.values()) {
      try {
        out[name] = state();
      } catch (err) {
        out[name] = { error: errorLabel(err) };
      }
    }
    return out;
  }

  private admit(map: Map<string, unknown>, name: string, what: string): string {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ConfigError([
        `${what} name must be 1-64 letters, digits or _ . : -, got ${JSON.stringify(name)}`,
      ]);
    }
    if (map.has(name)) throw new ConfigError([`${what} "${name}" is registered twice`]);
    if (map.size >= this.maxEntries)
      throw new ConfigError([`${what} "${name}": more than ${this.maxEntries} registered`]);
    return name;
  }
}

async function runCheck(entry: Required<ReadinessCheck>, clock: Clock): Promise<CheckResult> {
  const started = clock.now();
  const controller = new AbortController();
  let timer: TimerHandle | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = clock.setTimeout(function readinessTimeout() {
      controller.abort();
      resolve('timeout');
    }, entry.timeoutMs);
  });
  let error: string | undefined;
  try {
    const outcome = await Promise.race([
      Promise.resolve()
        .then(() => entry.check(controller.signal))
        .then(
          () => undefined,
          (err: unknown) => errorLabel(err),
        ),
      timedOut,
    ]);
    error = outcome;
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
  }
  const durationMs = Math.round((clock.now() - started) * 10) / 10;
  return error === undefined
    ? { status: 'up', critical: entry.critical, durationMs }
    : { status: 'down', critical: entry.critical, durationMs, error };
}

/** `timeout`, an error's string `code`, or its class name: never its message, which may name a host. */
function errorLabel(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.length <= 64) return code;
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name.length <= 64) return name;
  }
  return 'error';
}

function positiveInt(value: number, what: string): number {
  return intAtLeast(1, value, what);
}

function nonNegativeInt(value: number, what: string): number {
  return intAtLeast(0, value, what);
}

function intAtLeast(min: 0 | 1, value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < min) {
    const kind = min === 1 ? 'a positive' : 'a non-negative';
    throw new ConfigError([`${what} must be ${kind} integer, got ${String(value)}`]);
  }
  return value;
}
