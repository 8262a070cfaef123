import { ConfigError } from '../errors';
import { readCoreEnv } from './core-env';
import { readHttpEnv } from './http-env';

function problemsOf(read: () => unknown): readonly string[] {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('readHttpEnv', () => {
  it('applies the documented defaults: 10 s headers, 30 s body, CORS off, compression from 1024 bytes', () => {
    expect(readHttpEnv({})).toEqual({
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 30_000,
      cors: false,
      compression: { thresholdBytes: 1024 },
    });
  });

  it('reads every variable', () => {
    expect(
      readHttpEnv({
        CLIENT_HEADERS_TIMEOUT_MS: '2000',
        CLIENT_BODY_TIMEOUT_MS: '5000',
        CORS_ORIGINS: 'https://app.example.com, http://127.0.0.1:5173',
        CORS_MAX_AGE_SECONDS: '60',
        COMPRESSION: 'off',
        COMPRESSION_THRESHOLD_BYTES: '4096',
      }),
    ).toEqual({
      headersTimeoutMs: 2000,
      bodyTimeoutMs: 5000,
      cors: { origins: ['https://app.example.com', 'http://127.0.0.1:5173'], maxAgeSeconds: 60 },
      compression: false,
    });
  });

  it('takes the app defaults for unset variables', () => {
    const http = readHttpEnv({}, { corsOrigins: ['https://app.example.com'], compression: false });
    expect(http.cors).toEqual({ origins: ['https://app.example.com'], maxAgeSeconds: 600 });
    expect(http.compression).toBe(false);
  });

  it.each([
    [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS: a wildcard cannot be combined with credentials; list each origin'],
    [
      { CORS_ORIGINS: 'https://app.example.com/' },
      'CORS_ORIGINS: must be an origin like https://app.example.com (no path, no trailing slash), got "https://app.example.com/"',
    ],
    [
      { CORS_ORIGINS: 'app.example.com' },
      'CORS_ORIGINS: must be an origin like https://app.example.com, got "app.example.com"',
    ],
    [
      { CLIENT_HEADERS_TIMEOUT_MS: '40000' },
      'CLIENT_HEADERS_TIMEOUT_MS: must not exceed CLIENT_BODY_TIMEOUT_MS (30000), got 40000',
    ],
    [{ CLIENT_BODY_TIMEOUT_MS: '0' }, 'CLIENT_BODY_TIMEOUT_MS: must be between 1 and 3600000, got 0'],
    [{ COMPRESSION: 'maybe' }, 'COMPRESSION: must be true or false, got "maybe"'],
  ])('refuses %j, saying why', (env, problem) => {
    expect(problemsOf(() => readHttpEnv(env))).toEqual([problem]);
  });

  it('is part of core slice, whose problems are all named at once', () => {
    expect(readCoreEnv({}, { port: 3000 }).http.headersTimeoutMs).toBe(10_000);
    expect(problemsOf(() => readCoreEnv({ PORT: 'x', CORS_ORIGINS: '*' }, { port: 3000 }))).toEqual([
      'PORT: must be an integer, got "x"',
      'CORS_ORIGINS: a wildcard cannot be combined with credentials; list each origin',
    ]);
  });
});
