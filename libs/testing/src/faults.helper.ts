import type { FaultSpec, UpstreamStats } from './faults.contract';
import { requestJson } from './http.helper';

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
