import { ConfigError } from '@bff/core';
import {
  Authenticator,
  CredentialStrategyRegistry,
  extractBearerCredentials,
  type AuthRequest,
  type CredentialStrategy,
  type JwtStrategyState,
} from '@bff/auth';
import { TestIdp } from '../test/test-idp';

describe('Authenticator', () => {
  let a: TestIdp;
  let b: TestIdp;
  beforeAll(async () => {
    [a, b] = await Promise.all([TestIdp.start(), TestIdp.start()]);
  });
  afterAll(() => Promise.all([a.close(), b.close()]));

  it('routes each token to the issuer its iss names (several trusted issuers)', async () => {
    const auth = Authenticator.fromOptions({
      jwt: [
        { issuer: a.issuer, audience: 'bff' },
        { issuer: b.issuer, jwksUrl: b.jwksUrl, audience: ['bff', 'other'] },
      ],
    });
    expect(auth.realm).toBe('bff');
    for (const idp of [a, b]) {
      const principal = await auth.authenticate({
        scheme: 'bearer',
        value: await idp.sign({ sub: 'u1', aud: 'bff' }),
      });
      expect(principal.issuer).toBe(idp.issuer);
    }
    const stranger = await a.sign({ sub: 'u1', aud: 'bff', iss: 'https://stranger.example' });
    await expect(auth.authenticate({ scheme: 'bearer', value: stranger })).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      reason: 'issuer not accepted',
    });
  });

  it('asks strategies in order and refuses credentials none supports', async () => {
    const apiKeys: CredentialStrategy = {
      name: 'api-key',
      supports: (c) => c.scheme === 'api-key',
      authenticate: async (c) => ({ kind: 'client', subject: c.value, scopes: [], method: 'api-key' }),
    };
    const auth = new Authenticator([apiKeys], 'bff');
    await expect(auth.authenticate({ scheme: 'api-key', value: 'acme' })).resolves.toMatchObject({
      subject: 'acme',
    });
    await expect(auth.authenticate({ scheme: 'bearer', value: 'x.y.z' })).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      reason: 'credentials not accepted',
      headers: {
        'WWW-Authenticate':
          'Bearer realm="bff", error="invalid_token", error_description="invalid credentials"',
      },
    });
  });

  it('exposes each issuer key set state and a readiness check', async () => {
    const auth = Authenticator.fromOptions({
      jwt: { issuer: a.issuer, jwksUrl: a.jwksUrl, audience: 'bff' },
    });
    const issuerState = () => (auth.state().strategies[0].state as JwtStrategyState).issuers[0];
    expect(auth.state().strategies.map((s) => s.name)).toEqual(['jwt']);
    expect(issuerState()).toEqual({
      issuer: a.issuer,
      located: true,
      fresh: false,
      coolingDown: false,
      reloading: false,
      stale: false,
      keys: 0,
    });
    const before = Date.now();
    await auth.checkReady();
    expect(issuerState()).toMatchObject({ fresh: true, coolingDown: true, keys: 1 });
    expect(issuerState().lastFetchAt).toBeGreaterThanOrEqual(before);
    const hits = a.hits.jwks;
    await auth.checkReady(); // fresh: no refetch
    expect(a.hits.jwks).toBe(hits);
  });

  it('records the last failure and refuses readiness while the provider is down', async () => {
    const port = await TestIdp.closedPort();
    const auth = Authenticator.fromOptions({
      jwt: { issuer: `http://127.0.0.1:${port}`, audience: 'bff', jwksTimeoutMs: 500 },
    });
    await expect(auth.checkReady()).rejects.toMatchObject({ code: 'BFF_ERR_AUTH_UNAVAILABLE', status: 503 });
    const [state] = (auth.state().strategies[0].state as JwtStrategyState).issuers;
    expect(state).toMatchObject({ located: false, fresh: false, keys: 0 });
    expect(state.lastFetchAt).toBeUndefined();
    expect(state.lastError).toEqual({
      at: expect.any(Number),
      during: 'discovery',
      message: expect.any(String),
    });
  });

  it('asks strategies registered later, in registration order', async () => {
    const registry = new CredentialStrategyRegistry();
    const auth = new Authenticator(registry, 'bff');
    await expect(auth.authenticate({ scheme: 'api-key', value: 'k' })).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
    });
    const named = (name: string): CredentialStrategy => ({
      name,
      supports: () => true,
      authenticate: async () => ({ kind: 'client', subject: name, scopes: [], method: 'api-key' }),
    });
    registry.register(named('first'));
    registry.register(named('second'));
    expect(() => registry.register(named('first'))).toThrow(/already registered/);
    await expect(auth.authenticate({ scheme: 'api-key', value: 'k' })).resolves.toMatchObject({
      subject: 'first',
    });
  });

  it.each<[string, object, RegExp]>([
    ['no issuer', { jwt: [] }, /at least one trusted issuer/],
    [
      'a duplicate issuer',
      {
        jwt: [
          { issuer: 'https://i.example', audience: 'a' },
          { issuer: 'https://i.example', audience: 'a' },
        ],
      },
      /listed twice/,
    ],
    [
      'a realm with a quote',
      { jwt: { issuer: 'https://i.example', audience: 'a' }, realm: 'a"b' },
      /auth.realm/,
    ],
    [
      'a bad second issuer',
      {
        jwt: [
          { issuer: 'https://i.example', audience: 'a' },
          { issuer: 'x', audience: 'a' },
        ],
      },
      /auth\.jwt\[1\]\.issuer/,
    ],
  ])('refuses options with %s', (_name, options, message) => {
    expect(() => Authenticator.fromOptions(options as never)).toThrow(ConfigError);
    expect(() => Authenticator.fromOptions(options as never)).toThrow(message);
  });
});

describe('extractBearerCredentials', () => {
  const req = (authorization?: string, rawHeaders?: string[]): AuthRequest => ({
    headers: { authorization },
    rawHeaders,
  });

  it.each<[string, AuthRequest, string | undefined]>([
    ['Bearer scheme', req('Bearer abc.def.ghi'), 'abc.def.ghi'],
    ['a lower-case scheme and padding', req('bearer  abc+/=='), 'abc+/=='],
    ['no header', req(undefined), undefined],
    ['an empty header', req('   '), undefined],
    ['another scheme (treated as no credentials)', req('Basic dXNlcjpwdw=='), undefined],
  ])('reads %s', (_name, request, token) => {
    expect(extractBearerCredentials(request, 'bff')?.value).toBe(token);
  });

  it.each<[string, AuthRequest]>([
    ['a scheme without a token', req('Bearer')],
    ['two tokens', req('Bearer a b')],
    ['a comma-joined pair', req('Bearer a,Bearer b')],
    ['a token with forbidden characters', req('Bearer a"b')],
    ['a header sent twice', req('Bearer a', ['Authorization', 'Bearer a', 'authorization', 'Bearer b'])],
  ])('refuses %s', (_name, request) => {
    expect(() => extractBearerCredentials(request, 'bff')).toThrow(
      expect.objectContaining({ code: 'BFF_ERR_AUTH_INVALID_TOKEN', status: 401 }),
    );
  });
});
