import { requestJson } from './http.helper';

/** Faults a demo upstream applies to every later request on its non-`/__` routes (`PUT /__faults`). */
export interface FaultSpec {
  /** Added delay before answering, in milliseconds (0..600000). Default is 0. */
  latencyMs?: number;
  /** Extra random delay, uniform in [0, jitterMs), in milliseconds. Default is 0. */
  jitterMs?: number;
  /** Share of requests answered with `errorStatus`, 0..1. Default is 0. */
  errorRate?: number;
  /** Status of injected errors, 400..599. Default is 500. */
  errorStatus?: number;
  /** Never answer; the request ends only when the client aborts. Default is false. */
  hang?: boolean;
  /** Destroy the socket without answering. Default is false. */
  resetConnections?: boolean;
}

/** Request accounting of one demo upstream (`GET /__stats`). */
export interface UpstreamStats {
  /** Requests on non-`/__` routes since start or the last reset. */
  requests: number;
  /** Those requests by `METHOD /route/:pattern`, e.g. `{ 'GET /products': 2 }`. */
  byRoute: Record<string, number>;
  /** Propagation headers of the last such request (null when absent), or null before the first request. */
  lastHeaders: Record<
    'x-request-id' | 'traceparent' | 'x-request-timeout-ms' | 'x-user-id' | 'x-client-id',
    string | null
  > | null;
}

/**
 * Replaces the faults of a demo upstream (or the IdP). Throws when the service rejects the spec (400).
 * @example await setFaults(stack.urls.catalog, { latencyMs: 300 });
 */
export async function setFaults(baseUrl: string, faults: FaultSpec): Promise<FaultSpec> {
  return requestJson<FaultSpec>(`${baseUrl}/__faults`, {
    what: 'setFaults',
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
}

/**
 * Removes every fault of a demo upstream.
 * @example afterEach(() => clearFaults(stack.urls.catalog));
 */
export async function clearFaults(baseUrl: string): Promise<void> {
  await requestJson(`${baseUrl}/__faults`, { what: 'clearFaults', method: 'DELETE' });
}

/**
 * Reads the request accounting of a demo upstream.
 * @example expect((await getStats(stack.urls.users)).byRoute['GET /users']).toBe(1);
 */
export async function getStats(baseUrl: string): Promise<UpstreamStats> {
  return requestJson<UpstreamStats>(`${baseUrl}/__stats`, { what: 'getStats', method: 'GET' });
}

/**
 * Zeroes the request accounting of a demo upstream.
 * @example beforeEach(() => resetStats(stack.urls.users));
 */
export async function resetStats(baseUrl: string): Promise<void> {
  await requestJson(`${baseUrl}/__stats`, { what: 'resetStats', method: 'DELETE' });
}
