'use strict';
/**
 * Starts a built BFF on a free local port with placeholder upstreams and identity provider (never contacted:
 * nothing is called before the first request), collects the start-up log lines of the contexts asked for until
 * it listens, then stops it. `npm run audit:routes` and `npm run config:check` read the app's own tables this
 * way, exactly as the app computes them.
 */
const { spawn } = require('node:child_process');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { entryOf } = require('./apps');

const PLACEHOLDER = 'http://127.0.0.1:9';
const UPSTREAMS = ['USERS', 'ORDERS', 'CATALOG', 'INVENTORY'];
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

/**
 * Runs `app` until it listens and returns the messages logged under each of `contexts`, by context.
 * Rejects with the app's stderr when it exits first (a configuration it refuses).
 * @param {string} app
 * @param {{ contexts: string[], env?: Record<string, string>, keepUpstreamUrls?: string[] }} options
 *   `env` is added to the placeholders; `keepUpstreamUrls` (e.g. ['CATALOG']) get no placeholder URL.
 */
async function probeApp(app, { contexts, env: extra = {}, keepUpstreamUrls = [] }) {
  const env = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    LOG_LEVEL: 'info',
    AUTH_ISSUER: PLACEHOLDER,
    AUTH_AUDIENCE: app,
    AUTH_API_KEYS_FILE: path.join(os.tmpdir(), `bff-probe-${process.pid}-none.json`),
    ...Object.fromEntries(
      UPSTREAMS.filter((name) => !keepUpstreamUrls.includes(name)).map((name) => [
        `UPSTREAM_${name}_URL`,
        PLACEHOLDER,
      ]),
    ),
    ...extra,
  };
  for (const name of keepUpstreamUrls) delete env[`UPSTREAM_${name}_URL`];
  delete env.REDIS_URL;
  delete env.AUTH_ISSUERS;
  delete env.AUTH_ISSUERS_FILE;
  const child = spawn(process.execPath, [entryOf(app)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = Object.fromEntries(contexts.map((context) => [context, []]));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-8000)));
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
      if (lines[entry.context]) lines[entry.context].push(entry.msg);
      if (/listening$/.test(entry.msg ?? '')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`${app} exited (${code}) before listening`), { stderr: stderr.trim(), code }),
      );
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

module.exports = { probeApp, PLACEHOLDER, UPSTREAMS };
