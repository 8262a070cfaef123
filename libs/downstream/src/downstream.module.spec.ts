import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ConfigError } from '@bff/core';
import { DownstreamModule, DownstreamRegistry, type UpstreamCallEvent } from '@bff/downstream';
import { json, startUpstream, type TestUpstream } from '../test/test-upstream';

@Injectable()
class AppConfig {
  usersUrl = '';
}

@Module({ providers: [AppConfig], exports: [AppConfig] })
class ConfigModule {}

/** A feature module that does not import DownstreamModule: the registry reaches it because it is global. */
@Injectable()
class UsersService {
  constructor(readonly registry: DownstreamRegistry) {}
}

@Module({ providers: [UsersService], exports: [UsersService] })
class FeatureModule {}

describe('DownstreamModule', () => {
  let upstream: TestUpstream;

  beforeAll(async () => {
    upstream = await startUpstream((_req, res) => json(res, 200, { id: 'u1' }));
  });

  afterAll(() => upstream.close());

  it('provides a global registry of clients (forRootAsync) and closes the pools on shutdown', async () => {
    const events: UpstreamCallEvent[] = [];
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule,
        FeatureModule,
        DownstreamModule.forRootAsync({
          imports: [ConfigModule],
          inject: [AppConfig],
          useFactory: (cfg: AppConfig) => ({
            upstreams: { users: { baseUrl: cfg.usersUrl || upstream.url } },
            onCall: (e) => events.push(e),
          }),
        }),
      ],
    }).compile();
    const app = await moduleRef.init();
    const registry = app.get(UsersService).registry;

    const users = registry.get('users');
    await expect(users.get('/users/u1')).resolves.toMatchObject({ status: 200, body: { id: 'u1' } });
    expect(events).toHaveLength(1);
    expect(registry.names()).toEqual(['users']);
    expect(() => registry.get('nope')).toThrow(/Unknown upstream "nope"; configured: users/);

    await app.close();
    await expect(users.get('/users/u1')).rejects.toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_UNAVAILABLE' });
  });

  it('refuses to start with invalid options, naming every bad field', async () => {
    const compile = Test.createTestingModule({
      imports: [
        DownstreamModule.forRoot({
          upstreams: {
            users: { baseUrl: 'ftp://x' },
            orders: { baseUrl: 'http://127.0.0.1:1', bodyTimeoutMs: 0 },
          },
        }),
      ],
    }).compile();
    const err = await compile.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      'upstreams.users.baseUrl: must use http: or https:, got "ftp:"',
      'upstreams.orders.bodyTimeoutMs: must be a positive integer, got 0',
    ]);
  });
});
