#!/usr/bin/env node
'use strict';
/**
 * `npm run keys -- create|list|rotate|revoke ...`: partner API keys (see libs/auth/README.md, "Partner API
 * keys"). Builds if needed, then runs the bundled CLI (dist/cli/keys.js) with this environment.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) process.exit(build.status ?? 1);
const { runKeysCli } = require(path.join(__dirname, '..', 'dist', 'cli', 'keys.js'));
runKeysCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`keys: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
