import type { ApiKeyRecord } from './api-key-store.interface';
import { isNetwork } from './client-networks';

const HEX64 = /^[0-9a-f]{64}$/;
const OPTIONAL_TIMES = ['expiresAt', 'lastUsedAt', 'revokedAt'] as const;
const OPTIONAL_STRINGS = ['tenant', 'tier'] as const;

/**
 * Checks one stored record (from a file an operator may have edited, or from Redis) and returns it frozen.
 * @example parseApiKeyRecord(JSON.parse(text), 'keys[0]')
 * @throws Error naming the bad field, e.g. `keys[0].hash: must be 64 lowercase hex characters`
 */
export function parseApiKeyRecord(value: unknown, where: string): ApiKeyRecord {
  const r = (value ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const bad = (field: string, message: string): void => void problems.push(`${where}.${field}: ${message}`);
  if (typeof value !== 'object' || value === null) bad('', 'must be an object');
  if (typeof r.id !== 'string' || r.id === '') bad('id', 'must be a non-empty string');
  if (typeof r.hash !== 'string' || !HEX64.test(r.hash)) bad('hash', 'must be 64 lowercase hex characters');
  if (typeof r.hint !== 'string') bad('hint', 'must be a string');
  if (typeof r.clientId !== 'string' || r.clientId === '') bad('clientId', 'must be a non-empty string');
  if (!Array.isArray(r.scopes) || !r.scopes.every((s) => typeof s === 'string' && s !== ''))
    bad('scopes', 'must be an array of non-empty strings');
  if (typeof r.createdAt !== 'string' || Number.isNaN(Date.parse(r.createdAt)))
    bad('createdAt', 'must be an ISO 8601 time');
  for (const field of OPTIONAL_TIMES) {
    const t = r[field];
    if (t !== undefined && (typeof t !== 'string' || Number.isNaN(Date.parse(t))))
      bad(field, 'must be an ISO 8601 time when set');
  }
  for (const field of OPTIONAL_STRINGS) {
    if (r[field] !== undefined && typeof r[field] !== 'string') bad(field, 'must be a string when set');
  }
  const networks = r.allowedNetworks;
  if (networks !== undefined && !(Array.isArray(networks) && networks.every(isNetwork)))
    bad('allowedNetworks', 'must be an array of CIDRs (10.0.0.0/8, 2001:db8::/32) or addresses when set');
  if (problems.length > 0) throw new Error(problems.join('; '));
  return Object.freeze({
    ...(r as unknown as ApiKeyRecord),
    scopes: Object.freeze([...(r.scopes as string[])]),
    ...(Array.isArray(networks) ? { allowedNetworks: Object.freeze([...(networks as string[])]) } : {}),
  });
}
