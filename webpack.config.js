/**
 * Nest CLI webpack hook: bundle each app with ts-loader in transpile-only mode. Type checking runs once
 * for the whole monorepo (`npm run typecheck`, part of `npm run lint` and `npm run build`) instead of once
 * per app in parallel.
 */
module.exports = (options) => ({
  ...options,
  plugins: options.plugins.filter((plugin) => plugin.constructor.name !== 'ForkTsCheckerWebpackPlugin'),
});
