'use strict';
/**
 * `npm run bench:hung`: GET /v1/home of the mobile-bff with its inventory upstream healthy, then hung
 * (`PUT /__faults {"hang":true}`), with the policies on (the default). Reports requests/s and p50/p99 of both
 * phases, the share of answers degraded, and how many calls the hung inventory received; ends with
 * `bench: hung-inventory/healthy rps=<ratio> p99=<ratio>`. Without part budgets, breakers and bulkheads the hung
 * phase was measured at p50 5.5 s, p99 10.4 s and 9 req/s (issue 9). Same knobs as bench/run.js.
 */

const { readBenchConfig, benchSubjects } = require('./lib/config');
const { runMain } = require('./lib/main');
const { httpJson } = require('./lib/http');
const { loadHome, validSummary } = require('./lib/load');
const { startUpstreams, mintTokens, startTargets, assertBuilt } = require('./lib/stack');

const log = (line) => console.log(line);

async function measure(bff, tokens, cfg, label) {
  const result = await loadHome({
    url: bff.url,
    tokens,
    connections: cfg.connections,
    durationS: cfg.durationS,
  });
  const run = validSummary(result, label);
  log(`${label}: ${run.rps.toFixed(1)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`);
  return run;
}

async function main(group) {
  const cfg = readBenchConfig();
  assertBuilt(cfg.bffCommand, cfg.repoRoot, 'mobile-bff', 'BENCH_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  log(
    `bench: GET /v1/home with inventory healthy, then hung, ${JSON.stringify({ connections: cfg.connections, durationS: cfg.durationS })}`,
  );
  const upstreams = await startUpstreams(group, cfg);
  const subjects = benchSubjects(cfg);
  const tokens = await mintTokens(upstreams.idpUrl, subjects);
  const [, bff] = await startTargets(group, cfg, upstreams);
  const inventory = upstreams.urls.inventory;

  if (cfg.warmupS > 0)
    await loadHome({ url: bff.url, tokens, connections: cfg.connections, durationS: cfg.warmupS });
  const healthy = await measure(bff, tokens, cfg, 'inventory healthy');

  await httpJson('PUT', `${inventory}/__faults`, { json: { hang: true } });
  await httpJson('DELETE', `${inventory}/__stats`);
  const hung = await measure(bff, tokens, cfg, 'inventory hung   ');
  const { body: stats } = await httpJson('GET', `${inventory}/__stats`);
  const sample = await httpJson('GET', `${bff.url}/v1/home`, {
    headers: { authorization: `Bearer ${tokens[0]}` },
  });
  const { body: ready } = await httpJson('GET', `${bff.url}/health/ready?detail=true`);
  await httpJson('DELETE', `${inventory}/__faults`);

  log(`hung inventory received ${stats.requests} calls during ${hung.requests} answers`);
  log(`a hung-phase answer: ${sample.status}, degraded ${JSON.stringify(sample.body.degraded)}`);
  log(`inventory breaker: ${JSON.stringify(ready.detail.status.downstream.inventory.breakers.inventory)}`);
  const ratio = (a, b) => (a / b).toFixed(2);
  log(
    `bench: hung-inventory/healthy rps=${ratio(hung.rps, healthy.rps)} p99=${ratio(hung.p99Ms, healthy.p99Ms)}`,
  );
}

runMain(main);
