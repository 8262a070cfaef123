const nodeExternals = require('webpack-node-externals');

/**
 * Packages bundled into each app instead of required from node_modules at run time: pure JavaScript, used by
 * the framework's own code only (no other package shares their instances), and shipped as many small files, so
 * that Node's module loader (resolving, stat-ing and reading every file) costs more than running them. Bundled,
 * they load in about half the time at startup (bench/README.md, start-up). undici (111 CommonJS files, its
 * HTTP parser's WebAssembly inlined) and jose (46 ES modules, which Node 20 loads through its ESM loader) are
 * the largest; no other external package requires them. Everything else stays external.
 */
const BUNDLED = [/^@sinclair\/typebox(\/|$)/, /^yaml(\/|$)/, /^undici(\/|$)/, /^jose(\/|$)/];

/**
 * Nest CLI webpack hook: bundle each app with ts-loader in transpile-only mode. Type checking runs once
 * for the whole monorepo (`npm run typecheck`, part of `npm run lint` and `npm run build`) instead of once
 * per app in parallel. node_modules stay external, but for {@link BUNDLED}.
 */
module.exports = (options) => ({
  ...options,
  externals: [nodeExternals({ allowlist: BUNDLED })],
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
