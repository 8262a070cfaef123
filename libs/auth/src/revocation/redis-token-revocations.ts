import { systemClock, type Clock, type TimerHandle } from '@bff/core';
import type { RedisConnection } from '@bff/redis';
import { MemoryTokenRevocations } from './memory-token-revocations';
import type { TokenRevocation } from './token-revocations';

/** Options of {@link RedisTokenRevocations}. */
export interface RedisTokenRevocationsOptions {
  /** The sorted set of revocations. Default is `bff:revoked-tokens`. */
  key?: string;
  /** How often (ms) each replica reads new revocations. Default is 500, so one is seen everywhere within a second. */
  refreshMs?: number;
  /** How long (ms) a revocation is kept in Redis; tokens living longer are forgotten then. Default is 86400000 (24 h). */
  retentionMs?: number;
  clock?: Clock;
}

/**
 * Adds one revocation scored by Redis' own time (so replicas' clocks never matter) and drops those past the
 * retention. KEYS[1] the set; ARGV[1] the member, ARGV[2] the retention in ms.
 */
const REVOKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return now`;

/** Re-read window behind the newest revocation seen (a write racing a read, or Redis' clock stepping back). */
const OVERLAP_MS = 5_000;

/**
 * A deny-list of JWT `jti`s shared by every replica: one Redis sorted set (member `<exp ms> <issuer> <jti>`,
 * scored by revocation time). Each replica reads what is new every `refreshMs` (one `ZRANGEBYSCORE` returning
 * nothing in the steady state) into memory, so `isRevoked` never waits for Redis and a revocation reaches every
 * replica within a second. While Redis is down, the last known list keeps answering (the tokens it does not
 * know are still valid signatures of the issuer); `state()` reports the error.
 *
 * @example
 * const revocations = new RedisTokenRevocations(redis); revocations.start();
 * await revocations.revoke({ issuer, jti, expiresAtMs });
 */
export class RedisTokenRevocations extends MemoryTokenRevocations {
  private readonly key: string;
  private readonly refreshMs: number;
  private readonly retentionMs: number;
  private cursor = 0;
  private timer?: TimerHandle;
  private closed = false;
  private lastError?: { at: number; message: string };
  private lastRefreshAt?: number;

  constructor(
    private readonly redis: Pick<RedisConnection, 'run'>,
    options: RedisTokenRevocationsOptions = {},
  ) {
    super(options.clock ?? systemClock);
    this.key = options.key ?? 'bff:revoked-tokens';
    this.refreshMs = options.refreshMs ?? 500;
    this.retentionMs = options.retentionMs ?? 86_400_000;
  }

  /** Reads the list now, then every `refreshMs`. */
  start(): void {
    if (this.timer !== undefined || this.closed) return;
    const tick = (): void => {
      void this.refresh().finally(() => {
        if (!this.closed) this.timer = this.clock.setTimeout(tick, this.refreshMs);
      });
    };
    tick();
  }

  override async revoke(revocation: TokenRevocation): Promise<void> {
    const { issuer, jti, expiresAtMs } = revocation;
    if (/\s/.test(issuer) || jti === '')
      throw new TypeError('revoke: issuer without spaces and a jti are needed');
    await this.redis.run((c) =>
      c.eval(REVOKE_SCRIPT, 1, this.key, `${Math.floor(expiresAtMs)} ${issuer} ${jti}`, this.retentionMs),
    );
    this.remember(revocation);
  }

  /** Reads revocations newer than the last seen (minus an overlap) into memory. */
  async refresh(): Promise<void> {
    try {
      const from = this.cursor === 0 ? '-inf' : String(this.cursor - OVERLAP_MS);
      const reply = await this.redis.run((c) => c.zrangebyscore(this.key, from, '+inf', 'WITHSCORES'));
      for (let i = 0; i + 1 < reply.length; i += 2) {
        const entry = parseMember(reply[i]);
        if (entry) this.remember(entry);
        this.cursor = Math.max(this.cursor, Number(reply[i + 1]));
      }
      this.lastRefreshAt = this.clock.epochMs();
      this.lastError = undefined;
      this.sweep();
    } catch (err) {
      this.lastError = {
        at: this.clock.epochMs(),
        message: (err as Error).message?.slice(0, 200) ?? 'error',
      };
    }
  }

  override state(): Record<string, unknown> {
    return {
      store: 'redis',
      revoked: this.entries.size,
      ...(this.lastRefreshAt !== undefined ? { lastRefreshAt: this.lastRefreshAt } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  override close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    return Promise.resolve();
  }
}

function parseMember(member: string): TokenRevocation | undefined {
  const first = member.indexOf(' ');
  const second = member.indexOf(' ', first + 1);
  if (first < 1 || second < 0) return undefined;
  const expiresAtMs = Number(member.slice(0, first));
  if (!Number.isFinite(expiresAtMs)) return undefined;
  return { expiresAtMs, issuer: member.slice(first + 1, second), jti: member.slice(second + 1) };
}
