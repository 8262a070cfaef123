import { ConfigError } from '@bff/core';
import { readAuthEnv } from './auth.env';

describe('readAuthEnv', () => {
  it('applies the documented defaults: the audience is the app name, tokens are cached for a minute', () => {
    expect(readAuthEnv({ AUTH_ISSUER: 'http://127.0.0.1:4000/' }, { defaultAudience: 'kiosk-bff' })).toEqual({
      issuer: 'http://127.0.0.1:4000',
      jwksUrl: undefined,
      audience: 'kiosk-bff',
      tokenCacheMaxAgeMs: 60_000,
      tierClaim: 'tier',
    });
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
