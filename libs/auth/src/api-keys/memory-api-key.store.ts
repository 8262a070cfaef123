import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.interface';

/**
 * API key records in this process's memory, seeded at start: for tests and a single process. Nothing
 * survives a restart.
 * @example new MemoryApiKeyStore([record])
 */
export class MemoryApiKeyStore implements ApiKeyStore {
  private readonly byHash = new Map<string, ApiKeyRecord>();

  constructor(seed: readonly ApiKeyRecord[] = []) {
    for (const record of seed) this.byHash.set(record.hash, Object.freeze({ ...record }));
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.byHash.get(hash);
  }

  async list(): Promise<ApiKeyRecord[]> {
    return [...this.byHash.values()];
  }

  async put(record: ApiKeyRecord): Promise<void> {
    this.byHash.set(record.hash, Object.freeze({ ...record }));
  }

  async touch(hash: string, lastUsedAt: string): Promise<void> {
    const record = this.byHash.get(hash);
    if (record) this.byHash.set(hash, Object.freeze({ ...record, lastUsedAt }));
  }

  describe(): string {
    return 'memory';
  }
}
