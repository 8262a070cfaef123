#!/usr/bin/env node
'use strict';
/**
 * `npm run audit:routes`: prints every BFF's route table with each route's auth decision (public, scopes,
 * principal kinds, rate-limit policy), exactly as the built app logs it at start-up (`RouteAudit`, found by Nest
 * discovery). Each app is started on a free local port with placeholder upstreams and identity provider (never
 * contacted: nothing is called before the first request), read until it listens, then stopped.
 */
const { spawn, spawnSync } = require('node:child_process');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { BFFS, entryOf } = require('./apps');

const PLACEHOLDER = 'http://127.0.0.1:9';
const TIMEOUT_MS = 30_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function routeTable(app) {
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    AUTH_ISSUER: PLACEHOLDER,
    AUTH_AUDIENCE: app,
    AUTH_API_KEYS_FILE: path.join(os.tmpdir(), `bff-audit-${process.pid}-none.json`),
    ...Object.fromEntries(
      ['USERS', 'ORDERS', 'CATALOG', 'INVENTORY'].map((name) => [`UPSTREAM_${name}_URL`, PLACEHOLDER]),
    ),
  };
  delete env.REDIS_URL;
  delete env.AUTH_ISSUERS;
  delete env.AUTH_ISSUERS_FILE;
  const child = spawn(process.execPath, [entryOf(app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const done = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${app} did not start within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let entry;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry.context === 'RouteAudit') lines.push(entry.msg);
      if (/listening$/.test(entry.msg ?? '')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${app} exited (${code}) before listening\n${stderr.trim()}`));
    });
  });
  try {
    await done;
  } finally {
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  return lines;
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  for (const app of BFFS) {
    const lines = await routeTable(app);
    console.log(`${app}\n${lines.map((line) => `  ${line}`).join('\n')}\n`);
  }
}

main().catch((err) => {
  console.error(`audit:routes: ${err.message}`);
  process.exit(1);
});
