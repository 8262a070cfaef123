#!/usr/bin/env node
'use strict';
/**
 * `npm run build`: type-checks the whole monorepo once, then bundles every app into dist/apps/<app>/main.js.
 * `--if-stale` (used by `npm start`) skips everything when every bundle is newer than every source file.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, APPS, entryOf } = require('./apps');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  const sources = Math.max(newestSource(path.join(ROOT, 'apps')), newestSource(path.join(ROOT, 'libs')));
  return APPS.some((app) => !fs.existsSync(entryOf(app)) || fs.statSync(entryOf(app)).mtimeMs < sources);
}

function run(cmd, args) {
  const bin = path.join(ROOT, 'node_modules', '.bin', cmd);
  const res = spawnSync(bin, args, { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`build: ${cmd} ${args.join(' ')} failed`);
    process.exit(res.status ?? 1);
  }
}

if (process.argv.includes('--if-stale') && !isStale()) process.exit(0);
console.log('build: type-checking and bundling', APPS.join(', '));
run('tsc', ['--noEmit', '-p', 'tsconfig.build.json']);
run('nest', ['build', ...APPS]);
