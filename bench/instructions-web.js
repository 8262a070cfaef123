'use strict';
/**
 * The CPU cost of one viewer query (`POST /graphql`) as a count of machine instructions, for the web-bff and
 * its baseline (bench/web-baseline.js), measured with valgrind's callgrind the way bench/instructions.js does
 * for the mobile-bff: each target runs twice with the same warm-up, once followed by no measured request and
 * once by BENCH_IR_REQUESTS of them; the difference divided by that count is the cost of one request.
 * Ends with `instructions: web-bff/baseline=<ratio> (<bff>M vs <baseline>M per request)`.
 * Knobs: BENCH_IR_REQUESTS, BENCH_IR_WARMUP, BENCH_USERS, BENCH_WEB_BFF_CMD, BENCH_WEB_BFF_ENV (bench/WEB.md).
 */

const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { readBenchConfig } = require('./lib/config');
const { ChildGroup } = require('./lib/processes');
const { freePort } = require('./lib/ports');
const { waitForStatus } = require('./lib/http');
const { invalidReason } = require('./lib/load');
const { startUpstreams, assertBuilt } = require('./lib/stack');
const { readWebConfig, mintWebTokens, webTargetEnv } = require('./lib/web-stack');
const { loadGraphQL } = require('./lib/web-load');

const log = (line) => console.log(line);

/** Sends exactly `amount` requests (4 connections); with `strict`, fails on any non-2xx answer. */
async function load(url, tokens, amount, strict) {
  const result = await loadGraphQL({ url, tokens, connections: 4, amount, timeoutS: 120 });
  const reason = strict ? invalidReason(result) : undefined;
  if (reason) throw new Error(reason);
}

/** Runs one target under callgrind: warm-up, then `measured` requests, then SIGTERM; resolves with its total Ir. */
async function instructions(group, target, { env, tokens, warmup, measured, outDir }) {
  const port = await freePort();
  const out = path.join(outDir, `${target.name}.${measured}.callgrind`);
  const child = group.start(
    `${target.name} (callgrind)`,
    ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, ...target.command],
    { env: { ...env, PORT: String(port) }, cwd: target.cwd },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/health/live`, { child, timeoutMs: 180_000 });
  await load(url, tokens, warmup, false);
  if (measured > 0) await load(url, tokens, measured, true);
  child.proc.kill('SIGTERM');
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`${target.name} under callgrind exited with code ${code}`);
  const totals = /^totals:\s+(\d+)/m.exec(fs.readFileSync(out, 'utf8'));
  if (!totals) throw new Error(`no totals in ${out}`);
  return Number(totals[1]);
}

async function main(group) {
  const cfg = readBenchConfig();
  const web = readWebConfig();
  const { irRequests: measured, irWarmup: warmup } = cfg;
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed');
  assertBuilt(web.bffCommand, cfg.repoRoot, 'web-bff', 'BENCH_WEB_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  log(
    `bench:instructions: POST /graphql (viewer), ${JSON.stringify({ warmup, measured, bffEnv: web.bffEnv })}`,
  );

  const upstreams = await startUpstreams(group, cfg);
  const subjects = Array.from({ length: cfg.users }, (_, i) => `u${i + 2}`);
  const tokens = await mintWebTokens(upstreams.idpUrl, subjects);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ir-web-'));
  const targets = [
    { name: 'baseline', command: web.baselineCommand, extraEnv: {} },
    { name: 'web-bff', command: web.bffCommand, extraEnv: web.bffEnv },
  ];
  const perRequest = {};
  for (const target of targets) {
    const env = { ...webTargetEnv(0, upstreams.idpUrl, upstreams.urls), ...target.extraEnv };
    const options = { env, tokens, warmup, outDir };
    const base = await instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured: 0 });
    const loaded = await instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured });
    perRequest[target.name] = (loaded - base) / measured;
    log(`${target.name}: ${(perRequest[target.name] / 1e6).toFixed(3)}M instructions per request`);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  const ratio = perRequest['web-bff'] / perRequest.baseline;
  log(
    `instructions: web-bff/baseline=${ratio.toFixed(2)} ` +
      `(${(perRequest['web-bff'] / 1e6).toFixed(2)}M vs ${(perRequest.baseline / 1e6).toFixed(2)}M per request)`,
  );
}

const group = new ChildGroup();
process.on('exit', () => group.killAllSync());
process.once('SIGINT', async () => {
  await group.stopAll();
  process.exit(130);
});
main(group).then(
  async () => {
    await group.stopAll();
    process.exit(0);
  },
  async (err) => {
    console.error(`bench:instructions: FAILED: ${err.message}`);
    const output = group.output();
    if (output) console.error(`last output of the started processes:\n${output}`);
    await group.stopAll();
    process.exit(1);
  },
);
