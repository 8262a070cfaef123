/**
 * The fault-injection contract of the demo upstreams, defined once: what `PUT /__faults` accepts (served by
 * apps/demo-upstreams, sent by `setFaults`) and what `GET /__stats` answers. Pure: no I/O, no imports.
 * @see CONTRACT.md, "Demo upstreams"
 */

/** Faults a demo upstream applies to every later request on its non-`/__` routes (`PUT /__faults`). */
export interface FaultSpec {
  /** Added delay before answering, in milliseconds (0..600000). Default is 0. */
  latencyMs?: number;
  /** Extra random delay on top of `latencyMs`, uniform in [0, jitterMs), in milliseconds (0..600000). Default is 0. */
  jitterMs?: number;
  /**
   * Share of requests (0..1) that are stragglers: delayed by an extra `tailMs` on top of `latencyMs` and
   * `jitterMs` (a latency tail, as hedging is meant for). Default is 0.
   */
  tailRate?: number;
  /** Extra delay of a straggler (see `tailRate`), in milliseconds (0..600000). Default is 0. */
  tailMs?: number;
  /** Share of requests answered with `errorStatus` instead of the real answer, 0..1. Default is 0. */
  errorRate?: number;
  /** Status of injected errors, 400..599. Default is 500. */
  errorStatus?: number;
  /** Never answer (the socket stays open until the client gives up). Default is false. */
  hang?: boolean;
  /** Destroy the socket without answering. Default is false. */
  resetConnections?: boolean;
}

/** Headers a BFF propagates to upstreams, recorded so tests can check them. */
export type PropagatedHeader =
  'x-request-id' | 'traceparent' | 'x-request-timeout-ms' | 'x-user-id' | 'x-client-id';

/** Request accounting of one demo upstream, as `GET /__stats` answers it. */
export interface UpstreamStats {
  /** Requests seen on non-`/__` routes since start or the last `DELETE /__stats`. */
  requests: number;
  /** Those requests by `METHOD /route/:pattern` (unmatched routes count as `METHOD *`). */
  byRoute: Record<string, number>;
  /** Propagation headers of the last such request, or null before the first. */
  lastHeaders: Record<PropagatedHeader, string | null> | null;
}

/** Longest `latencyMs` or `jitterMs` accepted, in milliseconds (10 minutes). */
export const MAX_FAULT_DELAY_MS = 600_000;
const FAULT_KEYS = [
  'latencyMs',
  'jitterMs',
  'tailRate',
  'tailMs',
  'errorRate',
  'errorStatus',
  'hang',
  'resetConnections',
] as const satisfies readonly (keyof FaultSpec)[];

/**
 * Validates a `PUT /__faults` body; returns the normalized spec, or an error message naming the bad field.
 * @example validateFaults({ latencyMs: 200 }) // => { faults: { latencyMs: 200 } }
 */
export function validateFaults(body: unknown): { faults: FaultSpec } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'Body must be a JSON object' };
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !(FAULT_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) return { error: `Unknown fault field(s): ${unknown.join(', ')}` };
  const faults: FaultSpec = {};
  for (const key of ['latencyMs', 'jitterMs', 'tailMs'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_FAULT_DELAY_MS) {
      return { error: `${key} must be a number of milliseconds between 0 and ${MAX_FAULT_DELAY_MS}` };
    }
    faults[key] = value;
  }
  for (const key of ['errorRate', 'tailRate'] as const) {
    const rate = input[key];
    if (rate === undefined) continue;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      return { error: `${key} must be between 0 and 1` };
    faults[key] = rate;
  }
  if (input.errorStatus !== undefined) {
    const status = input.errorStatus;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      return { error: 'errorStatus must be an integer between 400 and 599' };
    }
    faults.errorStatus = status;
  }
  for (const key of ['hang', 'resetConnections'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return { error: `${key} must be a boolean` };
    faults[key] = value;
  }
  return { faults };
}
