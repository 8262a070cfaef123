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
  // No forceExit: every file ends by itself (the jobs queue drops its BullMQ connections on close, Redis or not),
  // so a file that leaks a handle shows as a run that does not end (`npx jest <file> --detectOpenHandles`).
};
