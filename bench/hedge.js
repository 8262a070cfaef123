'use strict';
/**
 * `npm run bench:hedge`: the hedging bench. Injects a latency tail on the catalog upstream (stragglers:
 * `tailRate` of its answers take an extra `tailMs`), then loads `GET /v1/home` of two mobile-bff processes in
 * alternating rounds: one unhedged, one with `UPSTREAM_CATALOG_HEDGE_DELAY_MS` set. Reports each one's p50/p99
 * and the catalog calls per answered request (1.00 = no extra call; the hedges' retry budget caps the extra at
 * 20% of recent calls plus a floor). Ends with `bench:hedge: hedged/unhedged p99=<ratio> extra=<share>` and
 * writes .bench/hedge.json. Exits non-zero when any response was not 2xx.
 * Knobs (besides bench/README.md's BENCH_DURATION_S, BENCH_CONNECTIONS, BENCH_ROUNDS, BENCH_USERS):
 * BENCH_HEDGE_DELAY (ms or p95, default p95), BENCH_TAIL_RATE (default 0.03), BENCH_TAIL_MS (default 300).
 */

const fs = require('node:fs');
const path = require('node:path');
const { readBenchConfig, benchSubjects } = require('./lib/config');
const { runMain } = require('./lib/main');
const { freePorts } = require('./lib/ports');
const { httpJson, waitForStatus } = require('./lib/http');
const { loadHome } = require('./lib/load');
const { median } = require('./lib/report');
const { eachRound, measureWith } = require('./lib/rounds');
const { startUpstreams, mintTokens, targetEnv, assertBuilt } = require('./lib/stack');

const log = (line) => console.log(line);

function readHedgeConfig(env = process.env) {
  const delay = (env.BENCH_HEDGE_DELAY || 'p95').trim();
  if (delay !== 'p95' && !/^\d+$/.test(delay))
    throw new Error(`BENCH_HEDGE_DELAY must be ms or p95, got "${delay}"`);
  const tailRate = Number(env.BENCH_TAIL_RATE || 0.03);
  const tailMs = Number(env.BENCH_TAIL_MS || 300);
  if (!(tailRate >= 0 && tailRate <= 1)) throw new Error('BENCH_TAIL_RATE must be in 0..1');
  if (!(Number.isInteger(tailMs) && tailMs >= 0))
    throw new Error('BENCH_TAIL_MS must be a non-negative integer');
  return { delay, faults: { latencyMs: 2, jitterMs: 8, tailRate, tailMs } };
}

async function catalogCalls(url) {
  const res = await httpJson('GET', `${url}/__stats`);
  return res.body.requests;
}

async function main(group) {
  const cfg = readBenchConfig();
  const hedge = readHedgeConfig();
  assertBuilt(cfg.bffCommand, cfg.repoRoot, 'mobile-bff', 'BENCH_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  log(
    `bench:hedge: GET /v1/home, catalog faults ${JSON.stringify(hedge.faults)}, hedge delay ${hedge.delay}, ` +
      `${cfg.connections} connections, ${cfg.rounds} rounds of ${cfg.durationS} s`,
  );
  const upstreams = await startUpstreams(group, cfg);
  const put = await httpJson('PUT', `${upstreams.urls.catalog}/__faults`, { json: hedge.faults });
  if (put.status !== 200) throw new Error(`PUT catalog /__faults answered ${put.status}`);
  const subjects = benchSubjects(cfg);
  const tokens = await mintTokens(upstreams.idpUrl, subjects);

  const ports = await freePorts(2);
  // Coalescing off on the catalog, so every request makes its own catalog call and extra calls show as such.
  const specs = [
    { name: 'unhedged', env: { UPSTREAM_CATALOG_COALESCE: 'false' } },
    {
      name: 'hedged',
      env: { UPSTREAM_CATALOG_COALESCE: 'false', UPSTREAM_CATALOG_HEDGE_DELAY_MS: hedge.delay },
    },
  ];
  const targets = specs.map((spec, i) => ({
    name: spec.name,
    url: `http://127.0.0.1:${ports[i]}`,
    child: group.start(spec.name, cfg.bffCommand, {
      env: { ...targetEnv(ports[i], upstreams.idpUrl, upstreams.urls), ...cfg.bffEnv, ...spec.env },
      cwd: cfg.repoRoot,
    }),
  }));
  await Promise.all(targets.map((t) => waitForStatus(`${t.url}/health/live`, { child: t.child })));
  for (const t of targets) await loadHome({ url: t.url, tokens, connections: cfg.connections, durationS: 2 });

  const runs = { unhedged: [], hedged: [] };
  const measure = measureWith(loadHome, tokens, cfg);
  await eachRound(targets, cfg.rounds, async (target, round) => {
    const before = await catalogCalls(upstreams.urls.catalog);
    const figures = await measure(target, cfg.durationS, `round ${round}`);
    const calls = (await catalogCalls(upstreams.urls.catalog)) - before;
    const run = { round, ...figures, catalogCallsPerRequest: calls / figures.requests };
    runs[target.name].push(run);
    log(
      `round ${round}: ${target.name} ${run.rps.toFixed(1)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, ` +
        `catalog calls/request ${run.catalogCallsPerRequest.toFixed(3)}`,
    );
  });
  const figure = (name, key) => median(runs[name].map((r) => r[key]));
  const report = {
    settings: { ...hedge, connections: cfg.connections, durationS: cfg.durationS, rounds: cfg.rounds },
    unhedged: {
      rps: figure('unhedged', 'rps'),
      p50Ms: figure('unhedged', 'p50Ms'),
      p99Ms: figure('unhedged', 'p99Ms'),
    },
    hedged: {
      rps: figure('hedged', 'rps'),
      p50Ms: figure('hedged', 'p50Ms'),
      p99Ms: figure('hedged', 'p99Ms'),
    },
    extraCatalogCalls: figure('hedged', 'catalogCallsPerRequest') - 1,
    runs,
    finishedAt: new Date().toISOString(),
  };
  const out = path.join(cfg.repoRoot, '.bench', 'hedge.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2));
  log('');
  log(
    `unhedged: ${report.unhedged.rps.toFixed(1)} req/s, p50 ${report.unhedged.p50Ms} ms, p99 ${report.unhedged.p99Ms} ms`,
  );
  log(
    `hedged:   ${report.hedged.rps.toFixed(1)} req/s, p50 ${report.hedged.p50Ms} ms, p99 ${report.hedged.p99Ms} ms`,
  );
  log(`wrote ${out}`);
  log(
    `bench:hedge: hedged/unhedged p99=${(report.hedged.p99Ms / report.unhedged.p99Ms).toFixed(2)} ` +
      `extra=${(report.extraCatalogCalls * 100).toFixed(1)}%`,
  );
}

runMain(main, { name: 'bench:hedge' });
