import { systemClock, type Clock } from '@bff/core';
import { generateApiKey } from './api-key.secret';
import { isActiveApiKey, type ApiKeyRecord, type ApiKeyStore } from './api-key-store.interface';
import { isNetwork } from './client-networks';

/** Active keys a partner may hold at once: two, so a key can be rotated without downtime. */
export const MAX_ACTIVE_KEYS_PER_CLIENT = 2;

/** What a new key grants. */
export interface ApiKeyGrant {
  clientId: string;
  tenant?: string;
  scopes: readonly string[];
  tier?: string;
  /** When the key stops working; ISO 8601. Default is never. */
  expiresAt?: string;
  /** Client networks (CIDRs or addresses) the key may be used from. Default is anywhere. */
  allowedNetworks?: readonly string[];
}

/** A record as listed to an operator: everything but the hash. */
export type ApiKeySummary = Omit<ApiKeyRecord, 'hash'> & { readonly active: boolean };

/** A refusal of a management operation (unknown key, too many active keys, bad input). */
export class ApiKeyManagementError extends Error {
  override readonly name = 'ApiKeyManagementError';
}

/**
 * Creates, lists, rotates and revokes partner API keys in any {@link ApiKeyStore}. The new key is returned
 * once by `create` and `rotate` and never stored; everything else deals in public ids (`key_...`).
 * Used by `npm run keys` and by tests; the BFFs themselves only read keys.
 *
 * @example
 * const manager = new ApiKeyManager(store);
 * const { key } = await manager.create({ clientId: 'partner-acme', tenant: 'acme', scopes: ['orders:read'], tier: 'gold' });
 * await manager.rotate('partner-acme', { graceMs: 86_400_000 }); // new key; the old one expires in a day
 * @throws ApiKeyManagementError naming what is wrong (e.g. two active keys already).
 */
export class ApiKeyManager {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Creates a key for a partner that holds fewer than two active keys. */
  async create(grant: ApiKeyGrant): Promise<{ key: string; record: ApiKeySummary }> {
    checkGrant(grant);
    const active = await this.activeOf(grant.clientId);
    if (active.length >= MAX_ACTIVE_KEYS_PER_CLIENT) {
      throw new ApiKeyManagementError(
        `${grant.clientId} already has ${active.length} active keys (${active.map((r) => r.id).join(', ')}); revoke one first`,
      );
    }
    const { key, hash, id, hint } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      hash,
      hint,
      clientId: grant.clientId,
      ...(grant.tenant !== undefined ? { tenant: grant.tenant } : {}),
      scopes: [...grant.scopes],
      ...(grant.tier !== undefined ? { tier: grant.tier } : {}),
      createdAt: this.isoNow(),
      ...(grant.expiresAt !== undefined ? { expiresAt: new Date(grant.expiresAt).toISOString() } : {}),
      ...(grant.allowedNetworks?.length ? { allowedNetworks: [...grant.allowedNetworks] } : {}),
    };
    await this.store.put(record);
    return { key, record: this.summary(record) };
  }

  /** Every key (of one partner when `clientId` is given), newest first, without hashes. */
  async list(clientId?: string): Promise<ApiKeySummary[]> {
    const records = await this.store.list();
    return records
      .filter((r) => clientId === undefined || r.clientId === clientId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((r) => this.summary(r));
  }

  /**
   * Issues a new key with the grants of the partner's newest active key, and lets the old one expire after
   * `graceMs` (default one day), so clients switch without downtime.
   */
  async rotate(
    clientId: string,
    options: { graceMs?: number } = {},
  ): Promise<{ key: string; record: ApiKeySummary; expiring: ApiKeySummary }> {
    const active = await this.activeOf(clientId);
    if (active.length === 0) throw new ApiKeyManagementError(`${clientId} has no active key to rotate`);
    if (active.length >= MAX_ACTIVE_KEYS_PER_CLIENT) {
      throw new ApiKeyManagementError(`${clientId} already has two active keys; revoke one before rotating`);
    }
    const [old] = active;
    const graceMs = options.graceMs ?? 86_400_000;
    if (!Number.isFinite(graceMs) || graceMs < 0) throw new ApiKeyManagementError('grace must be >= 0');
    const created = await this.create({
      clientId,
      tenant: old.tenant,
      scopes: old.scopes,
      tier: old.tier,
      expiresAt: old.expiresAt,
      allowedNetworks: old.allowedNetworks,
    });
    const until = this.clock.epochMs() + graceMs;
    const expiresAt =
      old.expiresAt !== undefined && Date.parse(old.expiresAt) < until
        ? old.expiresAt
        : new Date(until).toISOString();
    const expiring = { ...old, expiresAt };
    await this.store.put(expiring);
    return { ...created, expiring: this.summary(expiring) };
  }

  /** Revokes a key by its public id; it is refused everywhere within the strategy's cache lifetime (≤ 1 s). */
  async revoke(id: string): Promise<ApiKeySummary> {
    const record = (await this.store.list()).find((r) => r.id === id);
    if (!record) throw new ApiKeyManagementError(`no key ${id}`);
    if (record.revokedAt !== undefined) return this.summary(record);
    const revoked = { ...record, revokedAt: this.isoNow() };
    await this.store.put(revoked);
    return this.summary(revoked);
  }

  private async activeOf(clientId: string): Promise<ApiKeyRecord[]> {
    const now = this.clock.epochMs();
    return (await this.store.list())
      .filter((r) => r.clientId === clientId && isActiveApiKey(r, now))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  private summary(record: ApiKeyRecord): ApiKeySummary {
    const { hash: _hash, ...rest } = record;
    return { ...rest, active: isActiveApiKey(record, this.clock.epochMs()) };
  }

  private isoNow(): string {
    return new Date(this.clock.epochMs()).toISOString();
  }
}

function checkGrant(grant: ApiKeyGrant): void {
  const token = /^[\x21-\x7E]{1,200}$/;
  if (typeof grant.clientId !== 'string' || !token.test(grant.clientId))
    throw new ApiKeyManagementError('client must be 1-200 visible characters');
  if (!Array.isArray(grant.scopes) || !grant.scopes.every((s) => typeof s === 'string' && token.test(s)))
    throw new ApiKeyManagementError('scopes must be visible characters separated by spaces');
  for (const [name, value] of [
    ['tenant', grant.tenant],
    ['tier', grant.tier],
  ] as const) {
    if (value !== undefined && !token.test(value))
      throw new ApiKeyManagementError(`${name} must be 1-200 visible characters`);
  }
  if (grant.expiresAt !== undefined && Number.isNaN(Date.parse(grant.expiresAt)))
    throw new ApiKeyManagementError('expires must be an ISO 8601 time');
  if (grant.allowedNetworks !== undefined && !grant.allowedNetworks.every(isNetwork))
    throw new ApiKeyManagementError('networks must be CIDRs (10.0.0.0/8, 2001:db8::/32) or addresses');
}
