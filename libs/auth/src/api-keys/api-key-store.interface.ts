/**
 * What is stored about one partner API key: never the key itself, only its SHA-256 and what it grants.
 * Times are ISO 8601 strings (the file store is meant to be read by an operator).
 * @example
 * { id: 'key_3f9a0c21d4e7', hash: '9b74c9...', hint: 'bffk_live_AbCd', clientId: 'partner-acme', tenant: 'acme',
 *   scopes: ['orders:read'], tier: 'gold', createdAt: '2026-12-01T10:00:00.000Z' }
 */
export interface ApiKeyRecord {
  /** Public identifier, for listing and revoking. */
  readonly id: string;
  /** SHA-256 of the key, hex. */
  readonly hash: string;
  /** First characters of the key, so an operator can tell keys apart. */
  readonly hint: string;
  /** The partner (OAuth client id) the key acts for: the principal's subject and clientId. */
  readonly clientId: string;
  readonly tenant?: string;
  readonly scopes: readonly string[];
  /** Commercial tier read by rate-limit policies (e.g. `gold`, `free`). */
  readonly tier?: string;
  readonly createdAt: string;
  /** After this instant the key is refused. */
  readonly expiresAt?: string;
  /** When the key was last used, updated at most once per `lastUsedGranularityMs` (coarse on purpose). */
  readonly lastUsedAt?: string;
  /** When the key was revoked; a revoked key is refused. */
  readonly revokedAt?: string;
  /**
   * The client networks the key may be used from (CIDRs such as `203.0.113.0/24`, or single addresses),
   * checked against the client address `TRUST_PROXY` allows; unset or empty means anywhere.
   */
  readonly allowedNetworks?: readonly string[];
}

/**
 * Where API key records live. The lookup is by hash of the presented key, so no stored secret is ever
 * compared with what a client sent. Implementations: {@link MemoryApiKeyStore} (seeded at start),
 * {@link FileApiKeyStore} (a JSON file an operator can review; the embedded default) and
 * {@link RedisApiKeyStore} (shared by replicas).
 *
 * @example
 * class PostgresApiKeyStore implements ApiKeyStore { async findByHash(hash) { ... } ... }
 * ApiKeysModule.forRoot({ store: { useValue: new PostgresApiKeyStore(pool) } })
 */
export interface ApiKeyStore {
  /** The record whose `hash` is this one, or undefined. */
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  /** Every record (revoked and expired ones included). */
  list(): Promise<ApiKeyRecord[]>;
  /** Creates or replaces the record with this `hash`. */
  put(record: ApiKeyRecord): Promise<void>;
  /** Records a use (coarse); must never undo a revocation written meanwhile. */
  touch(hash: string, lastUsedAt: string): Promise<void>;
  /** What health and the status page may show (never hashes). */
  describe(): string;
}

/** Injection token of the app's {@link ApiKeyStore}. */
export const API_KEY_STORE = Symbol('API_KEY_STORE');

/** Whether a record grants access at `nowMs` (not revoked, not expired). */
export function isActiveApiKey(record: ApiKeyRecord, nowMs: number): boolean {
  if (record.revokedAt !== undefined) return false;
  return record.expiresAt === undefined || Date.parse(record.expiresAt) > nowMs;
}
