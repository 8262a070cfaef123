import { ConfigError } from '@bff/core';

/**
 * Options of {@link RedisModule} and {@link RedisConnection}. Every number is validated eagerly; defaults
 * favour failing fast over waiting: a BFF answers from its fallback rather than queue behind a dead Redis.
 * @example RedisModule.forRoot({ url: 'redis://127.0.0.1:6379', commandTimeoutMs: 250 })
 */
export interface RedisModuleOptions {
  /** `redis://` or `rediss://` URL; may carry user, password and database (`redis://:secret@host:6379/2`). */
  url: string;
  /** Name the connection gives itself (`CLIENT SETNAME`), e.g. the app's name. Default is none. */
  connectionName?: string;
  /** Time (in milliseconds) to establish the TCP connection. Default is 1000 (1 second). */
  connectTimeoutMs?: number;
  /** Time (in milliseconds) one command may take before it fails. Default is 500. */
  commandTimeoutMs?: number;
  /** Times a command interrupted by a lost connection is resent after reconnecting. Default is 1. */
  maxRetriesPerRequest?: number;
  /** First reconnect delay (in milliseconds), doubled per failed attempt. Default is 50. */
  reconnectBaseDelayMs?: number;
  /** Longest reconnect delay (in milliseconds); attempts never stop. Default is 2000 (2 seconds). */
  reconnectMaxDelayMs?: number;
  /** Time (in milliseconds) a graceful `QUIT` may take on shutdown before the socket is dropped. Default is 1000. */
  quitTimeoutMs?: number;
  /** The connection's readiness check, or `false` for none. Default is `{ name: 'redis', critical: false }`. */
  readiness?: RedisReadinessOptions | false;
}

/** How the connection takes part in `/health/ready`. */
export interface RedisReadinessOptions {
  /** Check and status name. Default is `redis`. */
  name?: string;
  /**
   * Whether the app is unready while Redis is down. Default is false: the libs using Redis fall back
   * (a per-process limiter, no shared cache), so a Redis outage degrades the app instead of taking every
   * replica out of the load balancer at once. Set true when a store fails closed.
   */
  critical?: boolean;
  /** Time (in milliseconds) the check may take. Default is the registry's (1000). */
  timeoutMs?: number;
}

/** Options with their defaults applied. */
export interface ResolvedRedisOptions extends Required<
  Omit<RedisModuleOptions, 'connectionName' | 'readiness'>
> {
  connectionName?: string;
  readiness: (Required<Omit<RedisReadinessOptions, 'timeoutMs'>> & { timeoutMs?: number }) | false;
}

const DEFAULTS = {
  connectTimeoutMs: 1000,
  commandTimeoutMs: 500,
  maxRetriesPerRequest: 1,
  reconnectBaseDelayMs: 50,
  reconnectMaxDelayMs: 2000,
  quitTimeoutMs: 1000,
} as const;

const LIMITS: Record<keyof typeof DEFAULTS, [number, number]> = {
  connectTimeoutMs: [1, 60_000],
  commandTimeoutMs: [1, 60_000],
  maxRetriesPerRequest: [0, 10],
  reconnectBaseDelayMs: [1, 60_000],
  reconnectMaxDelayMs: [1, 300_000],
  quitTimeoutMs: [1, 60_000],
};

/**
 * Applies defaults and validates every option at once.
 * @throws ConfigError (BFF_ERR_CONFIG) naming each bad option
 */
export function resolveRedisOptions(options: RedisModuleOptions): ResolvedRedisOptions {
  const problems: string[] = [];
  if (typeof options?.url !== 'string') {
    problems.push('redis url: is required');
  } else {
    try {
      const protocol = new URL(options.url).protocol;
      if (protocol !== 'redis:' && protocol !== 'rediss:')
        problems.push(`redis url: must use redis: or rediss:, got "${protocol}"`);
    } catch {
      problems.push('redis url: must be an absolute URL');
    }
  }
  const numbers = {} as Record<keyof typeof DEFAULTS, number>;
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = options?.[key] ?? DEFAULTS[key];
    const [min, max] = LIMITS[key];
    if (!Number.isSafeInteger(value) || value < min || value > max)
      problems.push(`redis ${key}: must be an integer between ${min} and ${max}, got ${String(value)}`);
    numbers[key] = value;
  }
  if (numbers.reconnectMaxDelayMs < numbers.reconnectBaseDelayMs)
    problems.push('redis reconnectMaxDelayMs: must not be below reconnectBaseDelayMs');
  const readiness = options?.readiness;
  const timeoutMs = readiness ? readiness.timeoutMs : undefined;
  if (timeoutMs !== undefined && (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1))
    problems.push(`redis readiness.timeoutMs: must be a positive integer, got ${String(timeoutMs)}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    url: options.url,
    connectionName: options.connectionName,
    ...numbers,
    readiness:
      readiness === false
        ? false
        : { name: readiness?.name ?? 'redis', critical: readiness?.critical ?? false, timeoutMs },
  };
}

/**
 * Delay (in milliseconds) before reconnect attempt `attempt` (1-based): doubling from `baseMs`, capped at
 * `maxMs`, with the upper half jittered so replicas do not reconnect in lockstep.
 */
export function reconnectDelayMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random = Math.random,
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
