#!/usr/bin/env node
'use strict';
/**
 * `npm run build`: type-checks the whole monorepo once, then bundles every app of nest-cli.json into
 * dist/apps/<app>/main.js. `node scripts/build.js [--if-stale] [app ...]`: only the named apps; with
 * `--if-stale` (used by `npm start`, `npm run app` and the benchmarks), nothing at all when each of their bundles
 * is newer than every source file and every build configuration.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, APPS, entryOf } = require('./apps');

/** App-free command-line tools bundled beside the apps: `npm run keys` (partner API keys), `npm run bench:auth`. */
const CLIS = {
  keys: path.join(ROOT, 'libs', 'auth', 'cli', 'keys.cli.ts'),
  'bench-auth': path.join(ROOT, 'bench', 'auth.bench.ts'),
};
const cliEntryOf = (cli) => path.join(ROOT, 'dist', 'cli', `${cli}.js`);

const CONFIG_FILES = ['nest-cli.json', 'tsconfig.json', 'tsconfig.build.json', 'webpack.config.js'];

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|json|graphql)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale(apps) {
  const sources = Math.max(
    newestSource(path.join(ROOT, 'apps')),
    newestSource(path.join(ROOT, 'libs')),
    ...CONFIG_FILES.map((file) => fs.statSync(path.join(ROOT, file)).mtimeMs),
  );
  const bundles = [...apps.map(entryOf), ...Object.keys(CLIS).map(cliEntryOf)];
  return bundles.some((file) => !fs.existsSync(file) || fs.statSync(file).mtimeMs < sources);
}

function run(cmd, args) {
  const bin = path.join(ROOT, 'node_modules', '.bin', cmd);
  const res = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`build: ${cmd} ${args.join(' ')} failed`);
    process.exit(res.status ?? 1);
  }
}

const args = process.argv.slice(2);
const named = args.filter((arg) => !arg.startsWith('--'));
const unknown = named.filter((app) => !APPS.includes(app));
if (unknown.length > 0) {
  console.error(`build: no application ${unknown.join(', ')} in nest-cli.json (apps: ${APPS.join(', ')})`);
  process.exit(1);
}
const apps = named.length > 0 ? named : APPS;
if (args.includes('--if-stale') && !isStale(apps)) process.exit(0);
console.log('build: type-checking and bundling', apps.join(', '));
run('tsc', ['--noEmit', '-p', 'tsconfig.build.json']);
run('nest', ['build', ...apps]);
bundleClis().then(
  () => {
    // webpack leaves an unchanged bundle untouched (compareBeforeEmit); mark every bundle as fresh for --if-stale.
    const now = new Date();
    for (const file of [...apps.map(entryOf), ...Object.keys(CLIS).map(cliEntryOf)])
      fs.utimesSync(file, now, now);
  },
  (err) => {
    console.error(`build: bundling the command-line tools failed\n${err.message}`);
    process.exit(1);
  },
);

/** Bundles each CLI as Nest bundles an app: ts-loader (transpile only), tsconfig paths, node_modules external. */
function bundleClis() {
  const webpack = require('webpack');
  const nodeExternals = require('webpack-node-externals');
  const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');
  const configFile = path.join(ROOT, 'tsconfig.build.json');
  const compiler = webpack({
    mode: 'none',
    target: 'node',
    entry: Object.fromEntries(Object.entries(CLIS)),
    output: { path: path.join(ROOT, 'dist', 'cli'), filename: '[name].js', library: { type: 'commonjs2' } },
    externals: [nodeExternals()],
    externalsPresets: { node: true },
    resolve: { extensions: ['.ts', '.js'], plugins: [new TsconfigPathsPlugin({ configFile })] },
    module: {
      rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { transpileOnly: true, configFile } }],
    },
    optimization: { nodeEnv: false },
    node: { __dirname: false, __filename: false },
  });
  return new Promise((resolve, reject) =>
    compiler.run((err, stats) => {
      compiler.close(() => undefined);
      if (err) reject(err);
      else if (stats.hasErrors()) reject(new Error(stats.toString('errors-only')));
      else resolve();
    }),
  );
}
