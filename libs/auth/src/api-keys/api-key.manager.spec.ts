import { FakeClock } from '@bff/core';
import { ApiKeyManager, MemoryApiKeyStore, type ApiKeyStore } from '@bff/auth';

describe('ApiKeyManager', () => {
  const clock = new FakeClock();
  let store: ApiKeyStore;
  let manager: ApiKeyManager;
  beforeEach(() => {
    store = new MemoryApiKeyStore();
    manager = new ApiKeyManager(store, clock);
  });
  const grant = { clientId: 'partner-acme', tenant: 'acme', scopes: ['orders:read'], tier: 'gold' };

  it('allows two active keys per partner, not three', async () => {
    await manager.create(grant);
    await manager.create(grant);
    await expect(manager.create(grant)).rejects.toThrow(/already has 2 active keys/);
    await expect(manager.create({ ...grant, clientId: 'partner-globex' })).resolves.toBeDefined();
  });

  it('rotates: a new key with the same grants, the old one expiring after the grace period', async () => {
    const first = await manager.create(grant);
    const rotated = await manager.rotate('partner-acme', { graceMs: 60_000 });
    expect(rotated.key).not.toBe(first.key);
    expect(rotated.record).toMatchObject({ clientId: 'partner-acme', tier: 'gold', scopes: ['orders:read'] });
    expect(rotated.expiring).toMatchObject({
      id: first.record.id,
      active: true,
      expiresAt: new Date(clock.epochMs() + 60_000).toISOString(),
    });
    await expect(manager.rotate('partner-acme')).rejects.toThrow(/two active keys/);
    await expect(manager.rotate('partner-nobody')).rejects.toThrow(/no active key/);
  });

  it('revokes by public id; an unknown id is an error', async () => {
    const { record } = await manager.create(grant);
    const revoked = await manager.revoke(record.id);
    expect(revoked).toMatchObject({ id: record.id, active: false, revokedAt: expect.any(String) });
    await expect(manager.revoke('key_nope')).rejects.toThrow(/no key key_nope/);
    await expect(manager.create(grant)).resolves.toBeDefined(); // a revoked key no longer counts
  });

  it.each([
    [{ ...grant, clientId: '' }, /client/],
    [{ ...grant, scopes: ['ok', 'has space'] }, /scopes/],
    [{ ...grant, expiresAt: 'tomorrow' }, /expires/],
  ])('refuses a bad grant %#', async (bad, message) => {
    await expect(manager.create(bad)).rejects.toThrow(message);
  });
});
