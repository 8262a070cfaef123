import { ConfigError } from '@bff/core';
import type {
  CheckResult,
  JsonValue,
  ReadinessCheck,
  ReadinessReport,
  StatusContributor,
} from './health.types';

/** Options of a {@link HealthRegistry}. */
export interface HealthRegistryOptions {
  /** Time (in milliseconds) a check may take unless it sets its own `timeoutMs`. Default is 1000 (1 second). */
  defaultTimeoutMs?: number;
  /** Most checks, and separately most status contributors, one app may register. Default is 64. */
  maxEntries?: number;
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
  private readonly defaultTimeoutMs: number;
  private readonly maxEntries: number;

  constructor(options: HealthRegistryOptions = {}) {
    this.defaultTimeoutMs = positiveInt(options.defaultTimeoutMs ?? 1000, 'defaultTimeoutMs');
    this.maxEntries = positiveInt(options.maxEntries ?? 64, 'maxEntries');
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
      critical: check.critical ?? true,
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

  /** Names of the registered checks, in registration order. */
  checkNames(): string[] {
    return [...this.checks.keys()];
  }

  /** Runs every check in parallel, each bounded by its timeout; never rejects. */
  async check(): Promise<ReadinessReport> {
    const entries = [...this.checks.values()];
    const results = await Promise.all(entries.map(runCheck));
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

async function runCheck(entry: Required<ReadinessCheck>): Promise<CheckResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(function readinessTimeout() {
      controller.abort();
      resolve('timeout');
    }, entry.timeoutMs);
    timer.unref();
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
    clearTimeout(timer);
  }
  const durationMs = Math.round((performance.now() - started) * 10) / 10;
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
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError([`${what} must be a positive integer, got ${String(value)}`]);
  }
  return value;
}
