#!/usr/bin/env node
'use strict';
/**
 * `npm run audit:routes`: prints every BFF's route table with each route's auth decision (public, scopes,
 * principal kinds, rate-limit policy), exactly as the built app logs it at start-up (`RouteAudit`, found by Nest
 * discovery). Each app is started on a free local port with placeholder upstreams and identity provider (never
 * contacted: nothing is called before the first request), read until it listens, then stopped.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { BFFS } = require('./apps');
const { probeApp } = require('./app-probe');

async function main() {
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  for (const app of BFFS) {
    const lines = (await probeApp(app, { contexts: ['RouteAudit'] })).RouteAudit;
    console.log(`${app}\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  }
}

main().catch((err) => {
  console.error(`audit:routes: ${err.message}${err.stderr ? `\n${err.stderr}` : ''}`);
  process.exit(1);
});
