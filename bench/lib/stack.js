'use strict';
/** Starting the demo upstreams and the two targets on free ports, and minting user tokens. */

const fs = require('node:fs');
const path = require('node:path');
const { freePorts } = require('./ports');
const { httpJson, waitForStatus } = require('./http');
const { sameWorkEnv } = require('./config');

const HOST = '127.0.0.1';
const UPSTREAMS = ['users', 'orders', 'catalog', 'inventory'];
/** A request per upstream that answers 200 once it is serving seeded data. */
const READY_PATH = {
  users: '/users/u1',
  orders: '/orders?userId=u1&limit=1',
  catalog: '/products?ids=p1',
  inventory: '/stock?productIds=p1',
};

/**
 * Fails with a clear message when the script a command runs does not exist.
 * Example: `assertBuilt(['node', 'dist/apps/mobile-bff/main.js'], repoRoot, 'mobile-bff', 'BENCH_BFF_CMD')`.
 */
function assertBuilt(command, repoRoot, what, overrideVar) {
  const entry = command.find((arg) => arg.endsWith('.js'));
  if (entry && !fs.existsSync(path.resolve(repoRoot, entry))) {
    throw new Error(
      `${what}: ${entry} is missing. Build it first (npm run build), or point ${overrideVar} elsewhere.`,
    );
  }
}

/**
 * Starts the demo upstreams and the dev identity provider; resolves once every one answers 200.
 * Example: `const { idpUrl, urls } = await startUpstreams(group, cfg)`; urls.users is the users base URL.
 */
async function startUpstreams(group, cfg) {
  const [idpPort, ...ports] = await freePorts(1 + UPSTREAMS.length);
  const urls = Object.fromEntries(UPSTREAMS.map((name, i) => [name, `http://${HOST}:${ports[i]}`]));
  const idpUrl = `http://${HOST}:${idpPort}`;
  const env = { HOST, IDP_PORT: String(idpPort) };
  UPSTREAMS.forEach((name, i) => (env[`${name.toUpperCase()}_PORT`] = String(ports[i])));
  const child = group.start('demo-upstreams', cfg.upstreamsCommand, { env, cwd: cfg.repoRoot });
  await waitForStatus(`${idpUrl}/.well-known/jwks.json`, { child });
  await Promise.all(UPSTREAMS.map((name) => waitForStatus(urls[name] + READY_PATH[name], { child })));
  if (cfg.upstreamLatencyMs > 0) {
    for (const name of UPSTREAMS) {
      const res = await httpJson('PUT', `${urls[name]}/__faults`, {
        json: { latencyMs: cfg.upstreamLatencyMs },
      });
      if (res.status >= 300) throw new Error(`PUT ${name} /__faults answered ${res.status}`);
    }
  }
  return { idpUrl, urls, child };
}

/** Reads the claims of a JWT without verifying it (only to check the issuer the IdP signs with). */
function claimsOf(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * Mints one mobile-bff user token per subject from the dev IdP; checks their `iss` is the IdP's URL.
 * Example: `const tokens = await mintTokens(idpUrl, ['u2', 'u3'])`.
 */
async function mintTokens(idpUrl, subjects) {
  const tokens = [];
  for (const sub of subjects) {
    const res = await httpJson('POST', `${idpUrl}/token`, {
      json: { sub, aud: 'mobile-bff', expiresIn: 3600 },
    });
    if (res.status !== 200 || !res.body || !res.body.access_token) {
      throw new Error(`POST ${idpUrl}/token for ${sub} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    const { iss } = claimsOf(res.body.access_token);
    if (iss !== idpUrl) throw new Error(`the IdP signs tokens with iss "${iss}", expected "${idpUrl}"`);
    tokens.push(res.body.access_token);
  }
  return tokens;
}

/** A rate limit no benchmark load reaches: the limiter runs as shipped (in memory), it just never refuses. */
const UNREACHED_LIMIT = { RATE_LIMIT_PER_MIN: '1000000000', RATE_LIMIT_BURST: '1000000000' };

/** `BENCH_MODE=policies`: the environment that turns every resilience policy of the mobile-bff off. */
const POLICIES_OFF = Object.fromEntries(
  UPSTREAMS.flatMap((name) =>
    ['BREAKER', 'BULKHEAD', 'RETRY'].map((policy) => [`UPSTREAM_${name.toUpperCase()}_${policy}`, 'off']),
  ),
);

/**
 * `BENCH_MODE=observability`: the traced target's environment: every span exported to `sinkUrl` (a collector
 * that drops them, bench/lib/otlp-sink.js) with the configured sampler, and `Server-Timing` on every answer.
 */
function observabilityOn(cfg, sinkUrl) {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
    OTEL_TRACES_SAMPLER: cfg.otelSampler,
    OTEL_TRACES_SAMPLER_ARG: cfg.otelSamplerArg,
    SERVER_TIMING: 'all',
  };
}

/** The environment a BFF reads (CONTRACT.md), shared verbatim by the mobile-bff and the baseline. */
function targetEnv(port, idpUrl, urls, audience = 'mobile-bff') {
  return {
    PORT: String(port),
    HOST,
    LOG_LEVEL: 'warn',
    ...UNREACHED_LIMIT,
    AUTH_ISSUER: idpUrl,
    AUTH_AUDIENCE: audience,
    UPSTREAM_USERS_URL: urls.users,
    UPSTREAM_ORDERS_URL: urls.orders,
    UPSTREAM_CATALOG_URL: urls.catalog,
    UPSTREAM_INVENTORY_URL: urls.inventory,
  };
}

/**
 * Starts both targets with the same environment (each on its own port), `BENCH_BFF_ENV` included, so e.g.
 * `AUTH_TOKEN_CACHE_MAX_AGE_MS=0` turns the verified-token cache off in both; resolves once both are live.
 * Example: `const targets = await startTargets(group, cfg, upstreams)`; targets[0] is { name, url, child }.
 */
async function startTargets(group, cfg, { idpUrl, urls, sinkUrl }) {
  const [baselinePort, bffPort] = await freePorts(2);
  const baseline =
    cfg.mode === 'policies'
      ? { command: cfg.bffCommand, extraEnv: { ...cfg.bffEnv, ...POLICIES_OFF } }
      : cfg.mode === 'observability'
        ? { command: cfg.bffCommand, extraEnv: { ...cfg.bffEnv, SERVER_TIMING: 'debug' } }
        : { command: cfg.baselineCommand, extraEnv: cfg.bffEnv };
  const bffEnv =
    cfg.mode === 'observability'
      ? { ...cfg.bffEnv, ...observabilityOn(cfg, sinkUrl) }
      : cfg.mode === 'baseline'
        ? sameWorkEnv(cfg.sameWork, cfg.bffEnv)
        : cfg.bffEnv;
  const specs = [
    { name: 'baseline', port: baselinePort, ...baseline },
    { name: 'mobile-bff', command: cfg.bffCommand, port: bffPort, extraEnv: bffEnv },
  ];
  const targets = specs.map(({ name, command, port, extraEnv }) => ({
    name,
    url: `http://${HOST}:${port}`,
    child: group.start(name, command, {
      env: { ...targetEnv(port, idpUrl, urls), ...extraEnv },
      cwd: cfg.repoRoot,
    }),
  }));
  await Promise.all(targets.map((t) => waitForStatus(`${t.url}/health/live`, { child: t.child })));
  return targets;
}

/**
 * `BENCH_MODE=observability`: starts the collector that drops spans (bench/lib/otlp-sink.js); resolves with its
 * base URL (what `OTEL_EXPORTER_OTLP_ENDPOINT` takes) once it answers.
 * Example: `const sinkUrl = await startOtlpSink(group, cfg)`; `GET ${sinkUrl}/stats` counts what it received.
 */
async function startOtlpSink(group, cfg) {
  const [port] = await freePorts(1);
  const child = group.start('otlp-sink', ['node', 'bench/lib/otlp-sink.js'], {
    env: { PORT: String(port), HOST },
    cwd: cfg.repoRoot,
  });
  const url = `http://${HOST}:${port}`;
  await waitForStatus(`${url}/stats`, { child });
  return url;
}

module.exports = {
  startUpstreams,
  mintTokens,
  startTargets,
  startOtlpSink,
  observabilityOn,
  assertBuilt,
  targetEnv,
  HOST,
  POLICIES_OFF,
  UPSTREAMS,
};
