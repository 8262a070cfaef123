import type { Clock } from '@bff/core';
import { httpReachable, type ReadinessProbe } from '@bff/observability';

/** The last readiness probe of one instance. */
export interface InstanceProbeResult {
  status: 'up' | 'down';
  /** Why it is down: the error's `code` or class name, never its message (which may name a host). */
  error?: string;
  /** Time (in milliseconds) since the probe finished. */
  agoMs: number;
}

interface Probed {
  error?: unknown;
  at: number;
}

/**
 * Probes every instance of one upstream at once, and once per readiness run: the checks that need the
 * instances (the upstream's own, `instances`) share the run in flight. Keeps each instance's last result for
 * the readiness detail and the status page.
 * @example const probes = new InstanceProbes(['http://a:4003', 'http://b:4003'], clock);
 * const results = await probes.run(signal); // one probe per instance, concurrent callers share it
 */
export class InstanceProbes {
  private readonly probes: ReadinessProbe[];
  private last: Probed[] | undefined;
  private running?: Promise<Probed[]>;

  constructor(
    origins: readonly string[],
    private readonly clock: Clock,
    /** The probe of one instance. Default is `httpReachable` (an upstream with its own CA passes `tlsReachable`). */
    probeOf: (origin: string) => ReadinessProbe = (origin) => httpReachable(origin),
  ) {
    this.probes = origins.map(probeOf);
  }

  /** Number of instances probed. */
  get size(): number {
    return this.probes.length;
  }

  /**
   * Probes every instance (or joins the run in flight); resolves when at least one answers HTTP, rejects with
   * the first instance's error when none does.
   */
  async requireOne(signal: AbortSignal): Promise<void> {
    const results = await this.run(signal);
    if (results.some((r) => !('error' in r))) return;
    throw results[0].error;
  }

  /** Whether every instance answered its last probe (run now, or joined). */
  async allUp(signal: AbortSignal): Promise<boolean> {
    return (await this.run(signal)).every((r) => !('error' in r));
  }

  /** Each instance's last result (indexes follow the configured list); empty before the first run. */
  results(): InstanceProbeResult[] {
    const now = this.clock.now();
    return (this.last ?? []).map((r) => ({
      status: 'error' in r ? 'down' : 'up',
      ...('error' in r ? { error: errorLabel(r.error) } : {}),
      agoMs: Math.round(now - r.at),
    }));
  }

  private run(signal: AbortSignal): Promise<Probed[]> {
    return (this.running ??= Promise.all(
      this.probes.map((probe) =>
        probe(signal).then(
          (): Probed => ({ at: this.clock.now() }),
          (error: unknown): Probed => ({ error, at: this.clock.now() }),
        ),
      ),
    ).then((results) => {
      this.last = results;
      this.running = undefined;
      return results;
    }));
  }
}

function errorLabel(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof cause === 'string') return cause;
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code;
  const name = (err as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : 'error';
}
