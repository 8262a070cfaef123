import { ConfigError } from '@bff/core';
import { readRedisEnv, reconnectDelayMs, resolveRedisOptions } from '@bff/redis';

describe('Redis options', () => {
  it('applies fail-fast defaults', () => {
    expect(resolveRedisOptions({ url: 'redis://127.0.0.1:6379' })).toEqual({
      url: 'redis://127.0.0.1:6379',
      connectionName: undefined,
      connectTimeoutMs: 1000,
      commandTimeoutMs: 500,
      maxRetriesPerRequest: 1,
      reconnectBaseDelayMs: 50,
      reconnectMaxDelayMs: 2000,
      quitTimeoutMs: 1000,
      readiness: { name: 'redis', critical: false, timeoutMs: undefined },
    });
  });

  it.each([
    [1, 0, 25],
    [1, 1, 50],
    [3, 1, 200],
    [10, 1, 2000],
    [1000, 0.5, 1500],
  ])('reconnect attempt %i with jitter %d waits %i ms (doubling, capped)', (attempt, jitter, expected) => {
    expect(reconnectDelayMs(attempt, 50, 2000, () => jitter)).toBe(expected);
  });

  it('reads REDIS_URL: unset is in-memory, a non-redis URL is named', () => {
    expect(readRedisEnv({})).toEqual({ url: undefined });
    expect(readRedisEnv({ REDIS_URL: 'rediss://:pw@cache:6380/2' })).toEqual({
      url: 'rediss://:pw@cache:6380/2',
    });
    expect(() => readRedisEnv({ REDIS_URL: 'http://cache' })).toThrow(ConfigError);
    expect(() => readRedisEnv({ REDIS_URL: 'http://cache' })).toThrow(
      /REDIS_URL: must use redis: or rediss:, got "http:"/,
    );
  });
});
