'use strict';
/**
 * `npm run bench:instructions`: the CPU cost of one `GET /v1/home` as a count of machine instructions, for the
 * mobile-bff and the baseline, measured with valgrind's callgrind. Wall-clock requests/s on a shared 2-core VM
 * swing by 20-40 % between identical runs; instruction counts do not depend on what else the machine is doing,
 * so this is the figure to compare two versions of the framework with.
 *
 * Each target runs twice under callgrind with the same warm-up, once followed by no measured requests and once by
 * BENCH_IR_REQUESTS of them; the difference divided by that count is the cost of one request after warm-up
 * (start-up, JIT warm-up and shutdown cancel out). Ends with one line:
 * `instructions: mobile-bff/baseline=<ratio> (<bff>M vs <baseline>M per request)`.
 * Takes about six minutes (valgrind runs Node some 50 times slower). Knobs: see bench/README.md.
 */

const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { readBenchConfig } = require('./lib/config');
const { ChildGroup } = require('./lib/processes');
const { freePort } = require('./lib/ports');
const { waitForStatus } = require('./lib/http');
const { invalidReason, loadHome } = require('./lib/load');
const { startUpstreams, mintTokens, assertBuilt, targetEnv } = require('./lib/stack');

const log = (line) => console.log(line);

/**
 * Sends exactly `amount` requests (4 connections); with `strict`, fails on any non-2xx answer. The warm-up is not
 * strict: under valgrind the first JWKS fetch may outlast its timeout, and a 503 there is no measurement.
 */
async function load(url, tokens, amount, strict) {
  const result = await loadHome({ url, tokens, connections: 4, amount, timeoutS: 120 });
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
  const { irRequests: measured, irWarmup: warmup } = cfg;
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed');
  assertBuilt(cfg.bffCommand, cfg.repoRoot, 'mobile-bff', 'BENCH_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  log(`bench:instructions: GET /v1/home, ${JSON.stringify({ warmup, measured, bffEnv: cfg.bffEnv })}`);

  const upstreams = await startUpstreams(group, cfg);
  const subjects = Array.from({ length: cfg.users }, (_, i) => `u${i + 2}`);
  const tokens = await mintTokens(upstreams.idpUrl, subjects);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ir-'));
  const targets = [
    { name: 'baseline', command: cfg.baselineCommand, extraEnv: cfg.bffEnv },
    { name: 'mobile-bff', command: cfg.bffCommand, extraEnv: cfg.bffEnv },
  ];
  const perRequest = {};
  for (const target of targets) {
    const env = { ...targetEnv(0, upstreams.idpUrl, upstreams.urls), ...target.extraEnv };
    const options = { env, tokens, warmup, outDir };
    const base = await instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured: 0 });
    const loaded = await instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured });
    perRequest[target.name] = (loaded - base) / measured;
    log(`${target.name}: ${(perRequest[target.name] / 1e6).toFixed(3)}M instructions per request`);
  }
  fs.rmSync(outDir, { recursive: true, force: true });
  const ratio = perRequest['mobile-bff'] / perRequest.baseline;
  log(
    `instructions: mobile-bff/baseline=${ratio.toFixed(2)} ` +
      `(${(perRequest['mobile-bff'] / 1e6).toFixed(2)}M vs ${(perRequest.baseline / 1e6).toFixed(2)}M per request)`,
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
