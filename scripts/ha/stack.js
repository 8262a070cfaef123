'use strict';
/**
 * The multi-replica topology on one machine, shared by `npm run start:ha`, its e2e tests and `npm run bench:lb`:
 * a redis-server (unless `redisUrl` is given), the demo upstreams and identity provider, `replicas` replicas
 * of each BFF (built apps, each its own process on a free port, sharing Redis), and nginx terminating TLS in
 * front of each BFF, kept in step with the replicas' readiness by a {@link ReadinessGate}.
 */
const { execFileSync } = require('node:child_process');
const { Agent, request } = require('undici');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { ChildGroup } = require('../../bench/lib/processes');
const { freePort, freePorts } = require('../../bench/lib/ports');
const { waitForStatus } = require('../../bench/lib/http');
const { BFFS, UPSTREAMS_APP, entryOf } = require('../apps');
const { generateCertificates } = require('./tls');
const { renderNginxConfig } = require('./nginx-config');
const { ReadinessGate } = require('./readiness-gate');

const HOST = '127.0.0.1';
const UPSTREAMS = ['users', 'orders', 'catalog', 'inventory'];
const START_TIMEOUT_MS = 60_000;

/** Resolves once a Redis at `port` answers PING; rejects after `timeoutMs`. */
async function waitForRedis(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pong = await new Promise((resolve) => {
      const socket = net.connect(port, HOST, () => socket.write('PING\r\n'));
      socket.setTimeout(500, () => socket.destroy());
      socket.once('data', (data) => resolve(data.toString().startsWith('+PONG')) || socket.end());
      socket.once('error', () => resolve(false));
      socket.once('close', () => resolve(false));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts the topology. Options (all optional): `apps` (BFF names, default every BFF of nest-cli.json),
 * `replicas` (per BFF, default 3), `ports` (`{ app: port }` of nginx's TLS listener, default free ones),
 * `redisUrl` (default: a redis-server of its own), `env` (extra environment of every replica), `appEnv`
 * (`{ app: env }`), `upstreamTls` (serve the demo upstreams through nginx over https, trusted by the BFFs with
 * `UPSTREAM_CA_FILE`), `gateIntervalMs` (readiness probe period, default 500), `drainDelayMs` (replicas'
 * `SHUTDOWN_DRAIN_DELAY_MS`, default 2000: a few probe periods plus a reload), `nginxWorkers` (default 1),
 * `onEvent` (a line about each readiness change), `signal` (an AbortSignal: stops whatever has started).
 * Resolves with `{ dir, ca, urls, idpUrl, upstreamUrls, redisUrl, replicas, accessLog, stop() }` once nginx
 * answers through every BFF's listener; `replicas[app][i]` is `{ url, port, address, child, up }`.
 */
async function startHaStack(options = {}) {
  const {
    apps = BFFS,
    replicas: count = 3,
    env = {},
    appEnv = {},
    upstreamTls = false,
    gateIntervalMs = 500,
    drainDelayMs = 2000,
    nginxWorkers = 1,
    onEvent = () => undefined,
  } = options;
  const group = new ChildGroup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-ha-'));
  fs.chmodSync(dir, 0o755); // nginx's workers (nobody, when started as root) write its temp files here
  let gate;
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      await gate?.stop();
      await group.stopAll();
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  // Aborted while starting (Ctrl-C): every child started so far is stopped, and the start rejects.
  options.signal?.addEventListener('abort', () => void stop(), { once: true });
  try {
    const tls = generateCertificates(dir);
    let redisUrl = options.redisUrl;
    if (!redisUrl) {
      const port = await freePort();
      group.start(
        'redis',
        ['redis-server', '--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'],
        { cwd: dir },
      );
      await waitForRedis(port);
      redisUrl = `redis://${HOST}:${port}`;
    }

    const [idpPort, ...upstreamPorts] = await freePorts(1 + UPSTREAMS.length);
    const idpUrl = `http://${HOST}:${idpPort}`;
    const plainUrls = Object.fromEntries(
      UPSTREAMS.map((name, i) => [name, `http://${HOST}:${upstreamPorts[i]}`]),
    );
    const demo = group.start('demo-upstreams', [process.execPath, entryOf(UPSTREAMS_APP)], {
      cwd: dir,
      env: {
        HOST,
        LOG_LEVEL: 'warn',
        IDP_PORT: String(idpPort),
        ...Object.fromEntries(
          UPSTREAMS.map((name, i) => [`${name.toUpperCase()}_PORT`, String(upstreamPorts[i])]),
        ),
      },
    });
    await waitForStatus(`${idpUrl}/.well-known/jwks.json`, { child: demo, timeoutMs: START_TIMEOUT_MS });
    await waitForStatus(`${plainUrls.users}/users/u1`, { child: demo, timeoutMs: START_TIMEOUT_MS });

    const fronts = upstreamTls ? await freePorts(UPSTREAMS.length) : [];
    const tlsUpstreams = fronts.map((port, i) => ({
      name: UPSTREAMS[i],
      port,
      target: plainUrls[UPSTREAMS[i]],
    }));
    const upstreamUrls = upstreamTls
      ? Object.fromEntries(tlsUpstreams.map(({ name, port }) => [name, `https://${HOST}:${port}`]))
      : plainUrls;

    const replicas = {};
    const ports = {};
    for (const app of apps) {
      ports[app] = options.ports?.[app] || (await freePort());
      replicas[app] = [];
      for (const port of await freePorts(count)) {
        const replica = {
          up: false,
          app,
          index: replicas[app].length,
          port,
          address: `${HOST}:${port}`,
          url: `http://${HOST}:${port}`,
        };
        replica.child = group.start(`${app}#${replica.index + 1}`, [process.execPath, entryOf(app)], {
          cwd: dir,
          env: {
            HOST,
            PORT: String(port),
            LOG_LEVEL: 'warn',
            REDIS_URL: redisUrl,
            // Behind nginx: the client's address comes from X-Forwarded-For (only nginx reaches 127.0.0.1:port).
            TRUST_PROXY: 'true',
            SHUTDOWN_DRAIN_DELAY_MS: String(drainDelayMs),
            SHUTDOWN_TIMEOUT_MS: String(drainDelayMs + 15_000),
            AUTH_ISSUER: idpUrl,
            AUTH_AUDIENCE: app,
            ...Object.fromEntries(
              UPSTREAMS.map((name) => [`UPSTREAM_${name.toUpperCase()}_URL`, upstreamUrls[name]]),
            ),
            ...(upstreamTls ? { UPSTREAM_CA_FILE: tls.ca } : {}),
            ...env,
            ...appEnv[app],
          },
        });
        replicas[app].push(replica);
      }
    }
    const all = apps.flatMap((app) => replicas[app]);

    const config = path.join(dir, 'nginx.conf');
    const render = () =>
      renderNginxConfig({
        dir,
        tls,
        workers: nginxWorkers,
        tlsUpstreams,
        sites: apps.map((app) => ({
          name: app,
          port: ports[app],
          replicas: replicas[app].map((r) => ({ address: r.address, down: !r.up })),
        })),
      });
    for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      fs.mkdirSync(path.join(dir, 'tmp', sub), { recursive: true });
    fs.writeFileSync(config, render());
    const nginxArgs = ['-p', dir, '-c', config, '-e', path.join(dir, 'error.log')];
    try {
      execFileSync('nginx', ['-t', '-q', ...nginxArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      const why =
        err.code === 'ENOENT' ? 'nginx not found on PATH (apt-get install nginx)' : String(err.stderr);
      throw new Error(`nginx refused the HA configuration: ${why.trim()}`);
    }

    // nginx first, every replica down until its readiness rises: with `upstreamTls` the replicas reach their
    // upstreams through nginx, so none can be ready before it runs.
    const nginx = group.start('nginx', ['nginx', ...nginxArgs], { cwd: dir });
    let allUp;
    const ready = new Promise((resolve) => (allUp = resolve));
    gate = new ReadinessGate(
      all.map((r) => r.url),
      {
        intervalMs: gateIntervalMs,
        onChange: (up) => {
          all.forEach((r, i) => {
            if (r.up !== up[i])
              onEvent(`${r.app} #${r.index + 1} (${r.address}) ${up[i] ? 'in' : 'out of'} rotation`);
            r.up = up[i];
          });
          fs.writeFileSync(config, render());
          if (nginx.running) process.kill(nginx.proc.pid, 'SIGHUP');
          if (up.every(Boolean)) allUp();
        },
      },
    );
    gate.start();
    await untilReady(ready, [nginx, demo, ...all.map((r) => r.child)]);

    const urls = Object.fromEntries(apps.map((app) => [app, `https://${HOST}:${ports[app]}`]));
    const agent = new Agent({ connect: { ca: fs.readFileSync(tls.ca) } });
    try {
      for (const app of apps) await waitThroughNginx(`${urls[app]}/health/live`, agent, nginx);
    } finally {
      await agent.close();
    }
    return {
      dir,
      ca: tls.ca,
      urls,
      idpUrl,
      upstreamUrls,
      redisUrl,
      replicas,
      accessLog: path.join(dir, 'access.log'),
      output: () => group.output(),
      stop,
    };
  } catch (err) {
    const output = group.output();
    await stop();
    err.message += output ? `\n${output}` : '';
    throw err;
  }
}

/** Resolves with `ready`; rejects when one of `children` exits first, or after the start timeout. */
function untilReady(ready, children) {
  let timer;
  const failed = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('the replicas were not ready in time')), START_TIMEOUT_MS);
    for (const child of children)
      child.exited.then(({ code, signal }) => reject(new Error(`${child.name} exited (${signal ?? code})`)));
  });
  return Promise.race([ready, failed]).finally(() => clearTimeout(timer));
}

/** Polls `url` through nginx (TLS, trusted with `agent`) until it answers 200. */
async function waitThroughNginx(url, agent, nginx) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (!nginx.running) throw new Error(`nginx exited (${JSON.stringify(nginx.exitInfo)})`);
    try {
      const res = await request(url, { dispatcher: agent });
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer through nginx`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

module.exports = { startHaStack, UPSTREAMS };
