import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigError, FakeClock } from '@bff/core';
import { contributeHealth, HealthRegistry, ObservabilityModule } from '@bff/observability';

const never = (): Promise<never> => new Promise(() => undefined);

describe('HealthRegistry.ready (what probes read)', () => {
  const counting = () => {
    const calls = { n: 0 };
    const release: Array<() => void> = [];
    const check = (): Promise<void> => {
      calls.n++;
      return new Promise<void>((resolve) => release.push(resolve));
    };
    return { calls, check, releaseAll: () => release.splice(0).forEach((r) => r()) };
  };

  it('runs the checks once for any number of concurrent probes, then answers from cache for cacheMs', async () => {
    const clock = new FakeClock();
    const registry = new HealthRegistry({ clock, cacheMs: 1000 });
    const probe = counting();
    registry.addCheck({ name: 'users', check: probe.check });

    const concurrent = Array.from({ length: 50 }, () => registry.ready());
    await Promise.resolve();
    probe.releaseAll();
    const reports = await Promise.all(concurrent);
    expect(probe.calls.n).toBe(1);
    expect(new Set(reports).size).toBe(1);

    clock.advance(999);
    for (let i = 0; i < 50; i++) await registry.ready();
    expect(probe.calls.n).toBe(1);

    clock.advance(1);
    const next = registry.ready();
    await Promise.resolve();
    probe.releaseAll();
    await next;
    expect(probe.calls.n).toBe(2);
  });

  it('cacheMs 0 probes on every call; check() always probes', async () => {
    const registry = new HealthRegistry({ cacheMs: 0 });
    let calls = 0;
    registry.addCheck({ name: 'users', check: async () => void calls++ });
    await registry.ready();
    await registry.ready();
    await registry.check();
    expect(calls).toBe(3);
  });

  it('times a hung check out on its clock', async () => {
    const clock = new FakeClock();
    const registry = new HealthRegistry({ clock, defaultTimeoutMs: 300 });
    registry.addCheck({ name: 'hangs', check: never });
    const pending = registry.ready();
    await Promise.resolve();
    clock.advance(300);
    const report = await pending;
    expect(report.details.hangs).toEqual({
      status: 'down',
      critical: true,
      durationMs: 300,
      error: 'timeout',
    });
    expect(registry.lastReport()).toBe(report);
  });

  it("lets the app override a lib's critical flag by check name", async () => {
    const registry = new HealthRegistry({ critical: { keys: true, users: false } });
    registry.addCheck({ name: 'keys', critical: false, check: () => Promise.reject(new Error('x')) });
    expect((await registry.check()).status).toBe('unavailable');
    const optional = new HealthRegistry({ critical: { users: false } });
    optional.addCheck({ name: 'users', check: () => Promise.reject(new Error('x')) });
    expect((await optional.check()).status).toBe('degraded');
  });

  it('rejects a negative cacheMs at construction', () => {
    expect(() => new HealthRegistry({ cacheMs: -1 })).toThrow(ConfigError);
  });
});

describe('HealthRegistry', () => {
  it('runs every check in parallel, each bounded by its own timeout (on its clock)', async () => {
    const clock = new FakeClock();
    const registry = new HealthRegistry({ defaultTimeoutMs: 100, clock });
    let aborted = false;
    registry.addCheck({ name: 'fast', check: async () => 'pong' });
    registry.addCheck({
      name: 'hangs',
      timeoutMs: 60,
      check: (signal) => {
        signal.addEventListener('abort', () => (aborted = true));
        return never();
      },
    });
    registry.addCheck({ name: 'slow-default', check: never });
    const pending = registry.check();
    await new Promise((resolve) => setImmediate(resolve)); // the fast check settles first
    clock.advance(100); // parallel: max(60, 100), not the sum
    const report = await pending;
    expect(report.status).toBe('unavailable');
    expect(report.checks).toEqual({ fast: 'up', hangs: 'down', 'slow-default': 'down' });
    expect(report.details.hangs).toMatchObject({
      status: 'down',
      critical: true,
      error: 'timeout',
    });
    expect(report.details['slow-default']).toMatchObject({ error: 'timeout' });
    expect(aborted).toBe(true);
  });

  it.each([
    [[true], 'ok'],
    [[true, false], 'unavailable'],
    [['optional-down'], 'degraded'],
    [['optional-down', false], 'unavailable'],
  ] as const)('status for checks %j is %s', async (outcomes, expected) => {
    const registry = new HealthRegistry();
    outcomes.forEach((outcome, i) =>
      registry.addCheck({
        name: `c${i}`,
        critical: outcome !== 'optional-down',
        check: async () => {
          if (outcome !== true)
            throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:6379'), { code: 'ECONNREFUSED' });
        },
      }),
    );
    const report = await registry.check();
    expect(report.status).toBe(expected);
    expect(JSON.stringify(report)).not.toContain('10.0.0.7');
  });

  it('reports a failure by its code or class name, never its message; a throwing probe is down too', async () => {
    const registry = new HealthRegistry();
    registry.addCheck({
      name: 'typed',
      check: () => Promise.reject(new TypeError('secret host a.internal')),
    });
    registry.addCheck({
      name: 'sync-throw',
      check: () => {
        throw new RangeError('boom');
      },
    });
    const { details } = await registry.check();
    expect(details.typed.error).toBe('TypeError');
    expect(details['sync-throw'].error).toBe('RangeError');
  });

  it('collects status contributors, isolating one that throws', () => {
    const registry = new HealthRegistry();
    registry.addStatus({ name: 'redis', state: () => ({ connected: true }) });
    registry.addStatus({
      name: 'broken',
      state: () => {
        throw new SyntaxError('x');
      },
    });
    expect(registry.status()).toEqual({ redis: { connected: true }, broken: { error: 'SyntaxError' } });
  });

  it('refuses duplicate and malformed names, bad timeouts and more entries than its bound', () => {
    const registry = new HealthRegistry({ maxEntries: 2 });
    const remove = registry.addCheck({ name: 'users', check: async () => undefined });
    expect(() => registry.addCheck({ name: 'users', check: async () => undefined })).toThrow(
      'readiness check "users" is registered twice',
    );
    expect(() => registry.addCheck({ name: 'has space', check: async () => undefined })).toThrow(ConfigError);
    expect(() => registry.addCheck({ name: 't', timeoutMs: 0, check: async () => undefined })).toThrow(
      /timeoutMs must be a positive integer/,
    );
    registry.addCheck({ name: 'orders', check: async () => undefined });
    expect(() => registry.addCheck({ name: 'third', check: async () => undefined })).toThrow(
      /more than 2 registered/,
    );
    remove();
    expect(registry.checkNames()).toEqual(['orders']);
    registry.addCheck({ name: 'third', check: async () => undefined });
  });
});

@Injectable()
class KeySet {
  fresh = true;
  async ready(): Promise<void> {
    if (!this.fresh) throw Object.assign(new Error('stale'), { code: 'KEYS_STALE' });
  }
}

/** A lib that contributes its own check and status from its module, as auth will for its key sets. */
@Module({
  providers: [
    KeySet,
    contributeHealth({
      inject: [KeySet],
      contribute: (health, keys: KeySet) => {
        health.addCheck({ name: 'jwks', check: () => keys.ready() });
        health.addStatus({ name: 'jwks', state: () => ({ fresh: keys.fresh }) });
      },
    }),
  ],
  exports: [KeySet],
})
class KeySetModule {}

describe('contributeHealth', () => {
  it("adds a lib's checks and status to the app's registry from the lib's own module", async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ObservabilityModule.forRoot({ serviceName: 'probe', readinessChecks: { app: async () => 1 } }),
        KeySetModule,
      ],
    }).compile();
    const registry = moduleRef.get(HealthRegistry);
    expect(registry.checkNames()).toEqual(['app', 'jwks']);
    expect((await registry.check()).status).toBe('ok');
    moduleRef.get(KeySet).fresh = false;
    const report = await registry.check();
    expect(report).toMatchObject({ status: 'unavailable', checks: { app: 'up', jwks: 'down' } });
    expect(report.details.jwks.error).toBe('KEYS_STALE');
    expect(registry.status()).toEqual({ jwks: { fresh: false } });
    await moduleRef.close();
  });

  it('does nothing in an app without ObservabilityModule', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [KeySetModule] }).compile();
    expect(moduleRef.get(KeySet)).toBeInstanceOf(KeySet);
    await moduleRef.close();
  });
});
