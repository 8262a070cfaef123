import { ConfigError } from '@bff/core';
import { readRateLimitEnv } from '@bff/rate-limit';

function problemsOf(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('readRateLimitEnv', () => {
  it('applies the documented defaults: 300/min per caller, burst 50, fail-open, shield 600/min burst 100', () => {
    const config = readRateLimitEnv({});
    expect(config).toMatchObject({
      enabled: true,
      failMode: 'fail-open',
      legacyHeaders: false,
      storeTimeoutMs: 50,
      storeCoolDownMs: 5000,
      shield: { perMinute: 600, burst: 100 },
      tiers: {},
    });
    expect(config.defaults).toEqual([
      {
        name: 'minute',
        algorithm: 'gcra',
        limit: 300,
        windowMs: 60_000,
        burst: 50,
        onStoreFailure: 'fail-open',
      },
    ]);
  });

  it('reads every variable, adds the daily quota and applies the fail mode to tier policies too', () => {
    const config = readRateLimitEnv(
      {
        RATE_LIMIT_ENABLED: 'false',
        RATE_LIMIT_PER_MIN: '60',
        RATE_LIMIT_BURST: '10',
        RATE_LIMIT_DAILY_QUOTA: '10000',
        RATE_LIMIT_FAIL_MODE: 'closed',
        RATE_LIMIT_LEGACY_HEADERS: 'true',
        RATE_LIMIT_STORE_TIMEOUT_MS: '20',
        RATE_LIMIT_SHIELD_PER_MIN: '0',
      },
      { tiers: { gold: [{ name: 'minute', algorithm: 'gcra', limit: 6000, windowMs: 60_000 }] } },
    );
    expect(config).toMatchObject({
      enabled: false,
      failMode: 'fail-closed',
      legacyHeaders: true,
      storeTimeoutMs: 20,
      shield: false,
    });
    expect(config.defaults.map((p) => [p.name, p.algorithm, p.limit, p.burst, p.onStoreFailure])).toEqual([
      ['minute', 'gcra', 60, 10, 'fail-closed'],
      ['daily', 'sliding-window', 10_000, 10_000, 'fail-closed'],
    ]);
    expect(config.tiers.gold[0]).toMatchObject({ limit: 6000, burst: 6000, onStoreFailure: 'fail-closed' });
  });

  it('takes the app defaults from the spec', () => {
    const config = readRateLimitEnv({}, { perMinute: 60, burst: 10, dailyQuota: 500 });
    expect(config.defaults.map((p) => p.limit)).toEqual([60, 500]);
  });

  it('names every bad variable and tier policy at once', () => {
    expect(
      problemsOf(() =>
        readRateLimitEnv(
          {
            RATE_LIMIT_ENABLED: 'maybe',
            RATE_LIMIT_PER_MIN: '0',
            RATE_LIMIT_BURST: 'ten',
            RATE_LIMIT_FAIL_MODE: 'sometimes',
            RATE_LIMIT_STORE_TIMEOUT_MS: '0',
          },
          { tiers: { gold: [{ name: 'minute', algorithm: 'gcra', limit: 0, windowMs: 1500 }] } },
        ),
      ),
    ).toEqual([
      'RATE_LIMIT_ENABLED: must be true or false, got "maybe"',
      'RATE_LIMIT_PER_MIN: must be between 1 and 1000000000, got 0',
      'RATE_LIMIT_BURST: must be an integer, got "ten"',
      'RATE_LIMIT_FAIL_MODE: must be one of open, closed, got "sometimes"',
      'RATE_LIMIT_STORE_TIMEOUT_MS: must be between 1 and 5000, got 0',
      'rateLimit.tiers.gold[0].limit: must be an integer from 1 to 1000000000',
      'rateLimit.tiers.gold[0].windowMs: must be a positive whole number of seconds in milliseconds (e.g. 60000), at most 366 days',
    ]);
  });
});
