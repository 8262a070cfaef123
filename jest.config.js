/** One Jest config for the whole monorepo: unit specs beside the code, e2e suites under test/. */
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
);

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // jose ships ESM; the OTLP exporter loads node:http with a dynamic import(), which Jest's CommonJS runtime
  // cannot run untransformed.
  transformIgnorePatterns: ['/node_modules/(?!jose/|@opentelemetry/otlp-exporter-base/)'],
  moduleNameMapper,
  testTimeout: 20000,
  // With one worker (2 cores) every file runs in the main process, so one leaked handle of a third-party client
  // (BullMQ's reconnecting connections after the Redis-down shutdown test) would keep the run alive after its
  // results are written; the run ends when the last file is done.
  forceExit: true,
};
