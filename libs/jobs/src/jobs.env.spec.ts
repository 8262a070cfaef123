import { ConfigError } from '@bff/core';
import { readJobsEnv } from '@bff/jobs';

const none = { redis: {} };

describe('readJobsEnv', () => {
  it('follows REDIS_URL or REDIS_CLUSTER_NODES by default, with documented defaults and webhooks off', () => {
    expect(readJobsEnv({}, none)).toEqual({
      backend: { kind: 'memory' },
      maxActivePerOwner: 3,
      retentionMs: 86_400_000,
      concurrency: 2,
      timeoutMs: 900_000,
      lockDurationMs: 30_000,
      webhooks: undefined,
    });
    const single = { redis: { url: 'redis://r:6379' } };
    const cluster = { redis: { cluster: { nodes: ['r-0:6379', 'r-1:6379'] } } };
    expect(readJobsEnv({}, single).backend).toEqual({ kind: 'redis' });
    expect(readJobsEnv({}, cluster).backend).toEqual({ kind: 'redis' });
    expect(readJobsEnv({ JOBS_STORE: 'memory' }, single).backend).toEqual({ kind: 'memory' });
    expect(readJobsEnv({ JOBS_STORE: 'memory' }, cluster).backend).toEqual({ kind: 'memory' });
  });

  it('reads the webhook allow-list with its secret', () => {
    const config = readJobsEnv(
      {
        JOBS_WEBHOOK_ALLOWED_HOSTS: 'hooks.example.com, *.partner.test',
        JOBS_WEBHOOK_SECRET: 's'.repeat(32),
      },
      none,
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
        none,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(() => readJobsEnv({ JOBS_MAX_ACTIVE_PER_OWNER: '0' }, none)).toThrow(/JOBS_MAX_ACTIVE_PER_OWNER/);
    expect(() => readJobsEnv({ JOBS_STORE: 'redis' }, none)).toThrow(
      /JOBS_STORE: redis needs REDIS_URL or REDIS_CLUSTER_NODES/,
    );
    expect(() => readJobsEnv({ JOBS_WEBHOOK_ALLOWED_HOSTS: 'h' }, none)).toThrow(/JOBS_WEBHOOK_SECRET/);
  });
});
