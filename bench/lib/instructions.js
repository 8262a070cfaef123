'use strict';
/**
 * The callgrind measurement shared by bench/instructions.js (mobile-bff) and bench/instructions-web.js (web-bff):
 * each target runs twice under callgrind with the same warm-up, once followed by no measured requests and once by
 * BENCH_IR_REQUESTS of them; the difference divided by that count is the cost of one request after warm-up
 * (start-up, JIT warm-up and shutdown cancel out).
 */

const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');
const { readBenchConfig } = require('./config');
const { runMain } = require('./main');
const { freePort } = require('./ports');
const { waitForStatus } = require('./http');
const { invalidReason } = require('./load');
const { startUpstreams, assertBuilt } = require('./stack');

const log = (line) => console.log(line);

/**
 * Sends exactly `amount` requests (4 connections); with `strict`, fails on any non-2xx answer. The warm-up is not
 * strict: under valgrind the first JWKS fetch may outlast its timeout, and a 503 there is no measurement.
 */
async function load(loadFn, url, tokens, amount, strict) {
  const result = await loadFn({ url, tokens, connections: 4, amount, timeoutS: 120 });
  const reason = strict ? invalidReason(result) : undefined;
  if (reason) throw new Error(reason);
}

/** Runs one target under callgrind: warm-up, then `measured` requests, then SIGTERM; resolves with its total Ir. */
async function instructions(group, target, { env, tokens, warmup, measured, outDir, loadFn, startS }) {
  const port = await freePort();
  const out = path.join(outDir, `${target.name}.${measured}.callgrind`);
  const child = group.start(
    `${target.name} (callgrind)`,
    ['valgrind', '--tool=callgrind', `--callgrind-out-file=${out}`, ...target.command],
    { env: { ...env, PORT: String(port) }, cwd: target.cwd },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForStatus(`${url}/health/live`, { child, timeoutMs: startS * 1000 });
  await load(loadFn, url, tokens, warmup, false);
  if (measured > 0) await load(loadFn, url, tokens, measured, true);
  child.proc.kill('SIGTERM');
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`${target.name} under callgrind exited with code ${code}`);
  const totals = /^totals:\s+(\d+)/m.exec(fs.readFileSync(out, 'utf8'));
  if (!totals) throw new Error(`no totals in ${out}`);
  return Number(totals[1]);
}

/**
 * Measures a BFF and its baseline and ends with `instructions: <bff>/baseline=<ratio> (<bff>M vs <baseline>M per
 * request)`. `spec(cfg)` gives: `label` (what one request is), `bff` ({ name, command, commandVar, env }),
 * `baseline` ({ command, env }), `mintTokens(idpUrl, subjects)`, `loadFn` (a bench/lib load function),
 * `targetEnv(port, idpUrl, upstreamUrls)` and optionally `prepare(group, cfg)` (see below).
 */
async function measureInstructions(group, spec) {
  const cfg = readBenchConfig();
  const { label, bff, baseline, mintTokens, loadFn, targetEnv, prepare } = spec(cfg);
  const { irRequests: measured, irWarmup: warmup } = cfg;
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed');
  assertBuilt(bff.command, cfg.repoRoot, bff.name, bff.commandVar);
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  log(`bench:instructions: ${label}, ${JSON.stringify({ warmup, measured, bffEnv: bff.env })}`);

  const upstreams = await startUpstreams(group, cfg);
  // `prepare(group, cfg)` may start more processes and resolves with extra env per target and an optional
  // `count()` (a counter read before and after each run, e.g. Redis commands), reported per measured request
  const extra = prepare ? await prepare(group, cfg) : {};
  const subjects = Array.from({ length: cfg.users }, (_, i) => `u${i + 2}`);
  const tokens = await mintTokens(upstreams.idpUrl, subjects);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ir-'));
  const targets = [
    {
      name: baseline.name || 'baseline',
      command: baseline.command,
      extraEnv: { ...baseline.env, ...extra.baselineEnv },
    },
    { name: bff.name, command: bff.command, extraEnv: { ...bff.env, ...extra.bffEnv } },
  ];
  const perRequest = {};
  for (const target of targets) {
    const env = { ...targetEnv(0, upstreams.idpUrl, upstreams.urls), ...target.extraEnv };
    const options = { env, tokens, warmup, outDir, loadFn, startS: cfg.irStartTimeoutS };
    const counted = async (run) => {
      const before = extra.count ? await extra.count() : 0;
      const ir = await run();
      return { ir, counted: extra.count ? (await extra.count()) - before : 0 };
    };
    const base = await counted(() =>
      instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured: 0 }),
    );
    const loaded = await counted(() =>
      instructions(group, { ...target, cwd: cfg.repoRoot }, { ...options, measured }),
    );
    perRequest[target.name] = (loaded.ir - base.ir) / measured;
    const per = extra.count
      ? `, ${((loaded.counted - base.counted) / measured).toFixed(3)} ${extra.countLabel}`
      : '';
    log(`${target.name}: ${(perRequest[target.name] / 1e6).toFixed(3)}M instructions per request${per}`);
  }
  if (process.env.BENCH_IR_KEEP === '1') log(`callgrind files kept in ${outDir}`);
  else fs.rmSync(outDir, { recursive: true, force: true });
  const [against, target] = targets.map((t) => t.name);
  const ratio = perRequest[target] / perRequest[against];
  log(
    `instructions: ${target}/${against}=${ratio.toFixed(3)} ` +
      `(${(perRequest[target] / 1e6).toFixed(3)}M vs ${(perRequest[against] / 1e6).toFixed(3)}M per request)`,
  );
}

/**
 * Runs `measureInstructions(spec)` as a script: stops every started process on success, failure and Ctrl-C
 * (see main.js `runMain`).
 */
function runInstructionsBench(spec) {
  runMain((group) => measureInstructions(group, spec), { name: 'bench:instructions' });
}

module.exports = { runInstructionsBench };
