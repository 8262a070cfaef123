import { ConfigError } from '../errors';
import { readCoreEnv } from './core-env';
import { readSlices } from './config-slices';
import { env, readEnv } from './env';

describe('readSlices', () => {
  const other = (source: Record<string, string>) => () => readEnv(source, { OTHER_URL: env.url() });

  it('returns each slice under its key', () => {
    expect(
      readSlices({
        core: () => readCoreEnv({ PORT: '8080' }, { port: 3000 }),
        other: other({ OTHER_URL: 'http://o' }),
      }),
    ).toEqual({
      core: expect.objectContaining({ port: 8080, host: '127.0.0.1', logLevel: 'info' }),
      other: { OTHER_URL: 'http://o' },
    });
  });

  it("throws one ConfigError with every slice's problems, in slice order", () => {
    let caught: unknown;
    try {
      readSlices({
        core: () => readCoreEnv({ PORT: 'x', TRUST_PROXY: 'maybe' }, { port: 3000 }),
        other: other({}),
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      'PORT: must be an integer, got "x"',
      'TRUST_PROXY: must be true or false, got "maybe"',
      'OTHER_URL: is required but not set',
    ]);
  });

  it('lets an error that is not a ConfigError through', () => {
    expect(() =>
      readSlices({
        broken: () => {
          throw new TypeError('bug');
        },
      }),
    ).toThrow(TypeError);
  });
});
