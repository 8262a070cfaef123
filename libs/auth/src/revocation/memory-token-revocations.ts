import { systemClock, type Clock } from '@bff/core';
import { revocationKey, type TokenRevocation, type TokenRevocations } from './token-revocations';

/** Most entries kept; beyond it the ones expiring first are dropped (a bound, not a working size). */
const MAX_ENTRIES = 100_000;

/**
 * Revocations in this process only (tests, a single instance, or an app revoking at logout). Entries are
 * forgotten once the token would have expired; expired ones are swept on writes, never by a timer per entry.
 * @example const revocations = new MemoryTokenRevocations(); await revocations.revoke({ issuer, jti, expiresAtMs });
 */
export class MemoryTokenRevocations implements TokenRevocations {
  /** Key → expiry in epoch ms. */
  protected readonly entries = new Map<string, number>();

  constructor(protected readonly clock: Clock = systemClock) {}

  isRevoked(issuer: string, jti: string): boolean {
    if (this.entries.size === 0) return false;
    const until = this.entries.get(revocationKey(issuer, jti));
    return until !== undefined && until > this.clock.epochMs();
  }

  revoke(revocation: TokenRevocation): Promise<void> {
    this.remember(revocation);
    return Promise.resolve();
  }

  state(): Record<string, unknown> {
    return { store: 'memory', revoked: this.entries.size };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Adds one entry (sweeping expired ones first when the map is full). */
  protected remember({ issuer, jti, expiresAtMs }: TokenRevocation): void {
    if (expiresAtMs <= this.clock.epochMs()) return;
    if (this.entries.size >= MAX_ENTRIES) this.sweep();
    if (this.entries.size >= MAX_ENTRIES) {
      const [soonest] = [...this.entries.entries()].sort((a, b) => a[1] - b[1]);
      this.entries.delete(soonest[0]);
    }
    this.entries.set(revocationKey(issuer, jti), expiresAtMs);
  }

  /** Forgets entries whose tokens have expired. */
  protected sweep(): void {
    const now = this.clock.epochMs();
    for (const [key, until] of this.entries) if (until <= now) this.entries.delete(key);
  }
}
