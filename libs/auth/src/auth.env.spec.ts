import { ConfigError } from '@bff/core';
import { readAuthEnv } from './auth.env';

describe('readAuthEnv', () => {
  it('applies the documented defaults: the audience is the app name, tokens are cached for a minute', () => {
    expect(readAuthEnv({ AUTH_ISSUER: 'http://127.0.0.1:4000' }, { defaultAudience: 'kiosk-bff' })).toEqual({
      issuers: [{ issuer: 'http://127.0.0.1:4000', audience: 'kiosk-bff' }],
      issuer: 'http://127.0.0.1:4000',
      audience: 'kiosk-bff',
      tokenCacheMaxAgeMs: 60_000,
      tierClaim: 'tier',
      principalKinds: [],
    });
  });

  it('keeps an issuer exactly as written: a trailing slash is part of the identifier', () => {
    const auth = readAuthEnv({ AUTH_ISSUER: 'https://acme.eu.auth0.com/' }, { defaultAudience: 'kiosk-bff' });
    expect(auth.issuers[0].issuer).toBe('https://acme.eu.auth0.com/');
  });

  it('reads several issuers from AUTH_ISSUERS, each with its audiences, algorithms, typ and claim mapping', () => {
    const issuers = [
      { issuer: 'http://127.0.0.1:4000' },
      {
        issuer: 'https://acme.eu.auth0.com/',
        audience: ['kiosk-bff', 'kiosk'],
        algorithms: ['RS256'],
        typ: 'at+jwt',
        claims: { clientRules: ['sub@clients', 'gty:client-credentials'] },
      },
      { issuer: 'https://acme.okta.com/oauth2/default', claims: { scopes: 'scp', clientRules: ['cid=sub'] } },
    ];
    const auth = readAuthEnv({ AUTH_ISSUERS: JSON.stringify(issuers) }, { defaultAudience: 'kiosk-bff' });
    expect(auth.issuers).toEqual([
      { audience: 'kiosk-bff', ...issuers[0] },
      issuers[1],
      { audience: 'kiosk-bff', ...issuers[2] },
    ]);
    expect(auth.issuer).toBe('http://127.0.0.1:4000');
  });

  it.each([
    [{ AUTH_ISSUERS: 'not json' }, ['AUTH_ISSUERS: must be a JSON array of issuers']],
    [{ AUTH_ISSUERS: '[]' }, ['AUTH_ISSUERS: must be a non-empty JSON array of issuers']],
    [
      { AUTH_ISSUERS: '[{"issuer":"http://a"}]', AUTH_ISSUER: 'http://a' },
      ['AUTH_ISSUER: set AUTH_ISSUER or AUTH_ISSUERS, not both'],
    ],
    [
      {
        AUTH_ISSUERS: JSON.stringify([
          { issuer: 'ftp://a', algorithms: ['HS256'] },
          { issuer: 'http://b', audiences: ['x'], claims: { clientRules: ['whatever'] } },
          { issuer: 'http://b' },
        ]),
      },
      [
        'AUTH_ISSUERS[0].issuer: must be an absolute http(s) URL',
        'AUTH_ISSUERS[0].algorithms: "HS256" is not accepted (only asymmetric JWS algorithms; never none or HS*)',
        'AUTH_ISSUERS[1].audiences: unknown field',
        'AUTH_ISSUERS[1].claims.clientRules: "whatever" is not a rule (<claim>=sub, sub@clients or <claim>:<value>)',
        'AUTH_ISSUERS: issuer "http://b" is listed twice',
      ],
    ],
    [
      { AUTH_ISSUERS_FILE: '/nonexistent/issuers.json' },
      ['AUTH_ISSUERS_FILE: cannot read "/nonexistent/issuers.json" (ENOENT)'],
    ],
  ])('refuses bad issuer lists, naming each problem (%#)', (source, problems) => {
    expect(() => readAuthEnv(source, { defaultAudience: 'kiosk-bff' })).toThrow(
      expect.objectContaining({ problems }),
    );
  });

  it('reads the API key slice for a BFF that accepts keys: stale-if-error for a minute by default, 0 turns it off', () => {
    const base = { AUTH_ISSUER: 'http://127.0.0.1:4000' };
    expect(readAuthEnv(base, { defaultAudience: 'partner-bff', apiKeys: true }).apiKeys).toEqual({
      store: 'file',
      file: 'api-keys.json',
      cacheMaxAgeMs: 1000,
      staleMaxAgeMs: 60_000,
    });
    const off = readAuthEnv(
      { ...base, AUTH_API_KEY_STALE_MAX_AGE_MS: '0' },
      { defaultAudience: 'partner-bff', apiKeys: true },
    );
    expect(off.apiKeys?.staleMaxAgeMs).toBe(0);
    expect(() =>
      readAuthEnv(
        { ...base, AUTH_API_KEY_STALE_MAX_AGE_MS: '-5' },
        { defaultAudience: 'partner-bff', apiKeys: true },
      ),
    ).toThrow(/AUTH_API_KEY_STALE_MAX_AGE_MS: must be between 0 and 3600000/);
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      readAuthEnv(
        { AUTH_JWKS_URL: 'jwks', AUTH_TOKEN_CACHE_MAX_AGE_MS: '3600001' },
        { defaultAudience: 'kiosk-bff' },
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'AUTH_ISSUER: is required but not set',
      'AUTH_JWKS_URL: must be an absolute URL, got "jwks"',
      'AUTH_TOKEN_CACHE_MAX_AGE_MS: must be between 0 and 3600000, got 3600001',
    ]);
  });
});
