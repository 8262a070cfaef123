import { ConfigError } from '@bff/core';
import { readJobsEnv } from '@bff/jobs';

describe('readJobsEnv', () => {
  it('follows REDIS_URL by default, with documented defaults and webhooks off', () => {
    expect(readJobsEnv({}, {})).toEqual({
      backend: { kind: 'memory' },
      maxActivePerOwner: 3,
      retentionMs: 86_400_000,
      concurrency: 2,
      timeoutMs: 900_000,
      lockDurationMs: 30_000,
      webhooks: undefined,
    });
    expect(readJobsEnv({}, { redisUrl: 'redis://r:6379' }).backend).toEqual({
      kind: 'redis',
      url: 'redis://r:6379',
    });
    expect(readJobsEnv({ JOBS_STORE: 'memory' }, { redisUrl: 'redis://r:6379' }).backend).toEqual({
      kind: 'memory',
    });
  });

  it('reads the webhook allow-list with its secret', () => {
    const config = readJobsEnv(
      {
        JOBS_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com, *.partner.test',
        JOBS_WEBHOOK_SECRET: 's'.repeat(32),
      },
      {},
    );
    expect(config.webhooks).toEqual({
      allowedHosts: ['hooks.example.com', '*.partner.test'],
      secret: 's'.repeat(32),
      allowHttp: false,
      attempts: 5,
      backoffMs: 1000,
    });
  });

  it('names every bad variable in one ConfigError', () => {
    let error: unknown;
    try {
      readJobsEnv(
        { JOBS_STORE: 'redis', JOBS_MAX_ACTIVE_PER_OWNER: '0', JOBS_WEBHOOK_ALLOWED_HOSTS: 'h' },
        {},
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(() => readJobsEnv({ JOBS_MAX_ACTIVE_PER_OWNER: '0' }, {})).toThrow(/JOBS_MAX_ACTIVE_PER_OWNER/);
    expect(() => readJobsEnv({ JOBS_STORE: 'redis' }, {})).toThrow(/JOBS_STORE: redis needs REDIS_URL/);
    expect(() => readJobsEnv({ JOBS_WEBHOOK_ALLOWED_HOSTS: 'h' }, {})).toThrow(/JOBS_WEBHOOK_SECRET/);
  });
});
