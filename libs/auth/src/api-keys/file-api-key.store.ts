import { readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ApiKeyRecord, ApiKeyStore } from './api-key-store.interface';
import { parseApiKeyRecord } from './api-key-record.validation';

/** The file's shape: `{ "version": 1, "keys": [ApiKeyRecord, ...] }`, hashes only. */
interface ApiKeyFile {
  version: 1;
  keys: ApiKeyRecord[];
}

/**
 * API key records in a JSON file an operator can review (hashes, partners, scopes, times; never a key): the
 * embedded default for one machine. A lookup re-reads the file when its size or modification time changed, so
 * a key created or revoked by `npm run keys` is seen by the running BFF on its next lookup (the strategy's
 * cache bounds that to `cacheMaxAgeMs`). Writes replace the file atomically (write, then rename).
 * `lastUsedAt` is kept in this process's memory only: the file stays the operator's.
 *
 * @example new FileApiKeyStore('/etc/bff/api-keys.json')
 * @throws Error at construction when the file exists but is not a valid key file (naming the bad field).
 */
export class FileApiKeyStore implements ApiKeyStore {
  private byHash = new Map<string, ApiKeyRecord>();
  private readonly used = new Map<string, string>();
  private signature = '';

  constructor(readonly path: string) {
    this.load(this.statSignature());
  }

  async findByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    await this.refresh();
    const record = this.byHash.get(hash);
    const lastUsedAt = this.used.get(hash);
    return record && lastUsedAt ? { ...record, lastUsedAt } : record;
  }

  async list(): Promise<ApiKeyRecord[]> {
    await this.refresh();
    return [...this.byHash.values()].map((r) =>
      this.used.has(r.hash) ? { ...r, lastUsedAt: this.used.get(r.hash) } : r,
    );
  }

  async put(record: ApiKeyRecord): Promise<void> {
    this.load(this.statSignature());
    this.byHash.set(record.hash, Object.freeze({ ...record }));
    const file: ApiKeyFile = { version: 1, keys: [...this.byHash.values()] };
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.path);
    this.signature = this.statSignature();
  }

  async touch(hash: string, lastUsedAt: string): Promise<void> {
    this.used.set(hash, lastUsedAt);
  }

  describe(): string {
    return 'file';
  }

  private async refresh(): Promise<void> {
    let signature: string;
    try {
      const s = await stat(this.path);
      signature = `${s.size}:${s.mtimeMs}`;
    } catch {
      signature = 'absent';
    }
    if (signature === this.signature) return;
    try {
      this.load(signature);
    } catch {
      // An operator's half-edited file: keep serving the last good set until the file is valid again.
      this.signature = signature;
    }
  }

  private statSignature(): string {
    try {
      const s = statSync(this.path);
      return `${s.size}:${s.mtimeMs}`;
    } catch {
      return 'absent';
    }
  }

  private load(signature: string): void {
    if (signature === 'absent') {
      this.byHash = new Map();
      this.signature = signature;
      return;
    }
    const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<ApiKeyFile>;
    if (parsed?.version !== 1 || !Array.isArray(parsed.keys)) {
      throw new Error(`${this.path}: not an API key file (expected { "version": 1, "keys": [...] })`);
    }
    const records = parsed.keys.map((k, i) => parseApiKeyRecord(k, `${this.path}: keys[${i}]`));
    this.byHash = new Map(records.map((r) => [r.hash, r]));
    this.signature = signature;
  }
}
