import { ConfigError } from '../errors';
import { env, readEnv } from './env';

const spec = {
  PORT: env.port(3002),
  AUTH_ISSUER: env.url(),
  LOG_LEVEL: env.oneOf(['info', 'warn'] as const, 'info'),
  TRUST_PROXY: env.bool(false),
};

describe('readEnv', () => {
  it('applies defaults and parses values', () => {
    expect(readEnv({ AUTH_ISSUER: 'http://127.0.0.1:4000/', TRUST_PROXY: 'yes' }, spec)).toEqual({
      PORT: 3002,
      AUTH_ISSUER: 'http://127.0.0.1:4000',
      LOG_LEVEL: 'info',
      TRUST_PROXY: true,
    });
  });

  it('names every variable that is wrong and why, at once', () => {
    let caught: unknown;
    try {
      readEnv({ PORT: '70000', LOG_LEVEL: 'loud', TRUST_PROXY: 'maybe' }, spec);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { problems } = caught as ConfigError;
    expect(problems).toEqual([
      'PORT: must be between 0 and 65535, got 70000',
      'AUTH_ISSUER: is required but not set',
      'LOG_LEVEL: must be one of info, warn, got "loud"',
      'TRUST_PROXY: must be true or false, got "maybe"',
    ]);
  });

  it('rejects a URL that is not absolute http(s)', () => {
    expect(() => readEnv({ AUTH_ISSUER: 'ftp://x' }, spec)).toThrow(/AUTH_ISSUER: must use http: or https:/);
    expect(() => readEnv({ AUTH_ISSUER: 'nope' }, spec)).toThrow(/AUTH_ISSUER: must be an absolute URL/);
  });
});
