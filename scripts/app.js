#!/usr/bin/env node
'use strict';
/**
 * `npm run app -- <app>` (and `npm run start:<app>`): one app of nest-cli.json alone, built first when its bundle
 * is missing or older than the sources, then run in this very process, configured only by its environment, as
 * it would run in production (`node dist/apps/<app>/main.js`). Signals reach the app directly.
 * Example: `PORT=3004 AUTH_ISSUER=http://127.0.0.1:4000 UPSTREAM_CATALOG_URL=http://127.0.0.1:4003 npm run app -- kiosk-bff`.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { APPS, entryOf } = require('./apps');

const app = process.argv[2];
if (!app || !APPS.includes(app)) {
  console.error(`usage: npm run app -- <app>, one of: ${APPS.join(', ')}${app ? ` (not "${app}")` : ''}`);
  process.exit(2);
}
const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale', app], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
process.argv.splice(2, 1);
require(entryOf(app));
