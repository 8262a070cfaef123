'use strict';
/**
 * `npm run bench:startup`: how long each built BFF takes from its process being spawned to its first
 * `GET /health/ready` 200 (config read, Nest wired, keys fetched from the identity provider, every readiness
 * check up), the demo upstreams and the dev identity provider already running. Each BFF is started
 * `BENCH_STARTUP_RUNS` times (default 5), one at a time, stopped after each run; prints every run, then the median,
 * min and max per app, with the CPU time the app's process used until ready (Linux: `/proc/<pid>/stat`, user +
 * system, all its threads; less distorted by other work on the machine than wall time), and ends with one line
 * per app scripts can grep:
 * `bench: startup mobile-bff median=612ms target<1500ms ok`. Exits 1 when an app never gets ready.
 * Knobs: BENCH_STARTUP_RUNS, BENCH_STARTUP_TIMEOUT_MS, BENCH_BFF_ENV (extra environment for every app, e.g. to
 * price tracing: `BENCH_BFF_ENV=OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318`).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { request } = require('undici');
const { readBenchConfig } = require('./lib/config');
const { ChildGroup, cpuMicros } = require('./lib/processes');
const { freePorts } = require('./lib/ports');
const { startUpstreams, assertBuilt, targetEnv } = require('./lib/stack');
const { BFFS, entryOf } = require('../scripts/apps');

/** The target of the contract: start-up to ready under 1.5 s per app on this machine. */
const TARGET_MS = 1500;
/** Gap between two readiness probes while an app starts, in milliseconds: the resolution of the figures. */
const PROBE_INTERVAL_MS = 10;

const log = (line) => console.log(line);

/** Resolves true once `url` answers 200, false when `child` exits or `timeoutMs` passes. */
async function readyWithin(url, child, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline && child.running) {
    try {
      const res = await request(url, { headersTimeout: 1000, bodyTimeout: 1000, reset: true });
      await res.body.dump();
      if (res.statusCode === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  return false;
}

/**
 * Starts `app` once on a free port; resolves with the milliseconds from spawn to listening (`/health/live` 200)
 * and to ready (`/health/ready` 200), and the CPU milliseconds the app used until ready, then stops it.
 */
async function startOnce(group, cfg, app, upstreams, extraEnv) {
  const [port] = await freePorts(1);
  const env = { ...targetEnv(port, upstreams.idpUrl, upstreams.urls, app), ...extraEnv, ...cfg.bffEnv };
  const started = performance.now();
  const child = group.start(`${app}:${port}`, ['node', path.relative(cfg.repoRoot, entryOf(app))], {
    env,
    cwd: cfg.repoRoot,
  });
  const base = `http://127.0.0.1:${port}`;
  const live = await readyWithin(`${base}/health/live`, child, cfg.startupTimeoutMs);
  const liveMs = performance.now() - started;
  const ready = live && (await readyWithin(`${base}/health/ready`, child, cfg.startupTimeoutMs));
  const readyMs = performance.now() - started;
  const cpuUs = ready ? cpuMicros(child.proc.pid) : undefined;
  const cpuMs = cpuUs === undefined ? undefined : cpuUs / 1000;
  if (child.running) process.kill(-child.proc.pid, 'SIGTERM');
  await child.exited;
  if (!ready) throw new Error(`${app} was not ready within ${cfg.startupTimeoutMs} ms:\n${child.output()}`);
  return { liveMs, readyMs, cpuMs };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(group) {
  const cfg = readBenchConfig();
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  for (const app of BFFS) assertBuilt(['node', entryOf(app)], cfg.repoRoot, app, 'npm run build');
  log(`bench:startup: ${BFFS.join(', ')}, ${cfg.startupRuns} runs each, ${os.cpus().length} CPUs`);
  const upstreams = await startUpstreams(group, cfg);
  // partner-bff reads API keys from a file; an empty one is enough to start.
  const keysFile = path.join(os.tmpdir(), `bench-startup-keys-${process.pid}.json`);
  fs.writeFileSync(keysFile, JSON.stringify({ version: 1, keys: [] }));
  const results = [];
  try {
    for (const app of BFFS) {
      const runs = [];
      for (let i = 0; i < cfg.startupRuns; i++) {
        const run = await startOnce(group, cfg, app, upstreams, { AUTH_API_KEYS_FILE: keysFile });
        runs.push(run);
        log(
          `${app} run ${i + 1}: live in ${run.liveMs.toFixed(0)} ms, ready in ${run.readyMs.toFixed(0)} ms` +
            (run.cpuMs === undefined ? '' : `, ${run.cpuMs.toFixed(0)} ms of CPU`),
        );
      }
      const ready = runs.map((r) => r.readyMs);
      results.push({
        app,
        liveMedianMs: median(runs.map((r) => r.liveMs)),
        medianMs: median(ready),
        minMs: Math.min(...ready),
        maxMs: Math.max(...ready),
        cpuMedianMs: runs.every((r) => r.cpuMs !== undefined) ? median(runs.map((r) => r.cpuMs)) : undefined,
      });
    }
  } finally {
    fs.rmSync(keysFile, { force: true });
  }
  log('');
  log('app            live median ms  ready median ms  ready min ms  ready max ms  CPU to ready median ms');
  for (const r of results) {
    const widths = [14, 16, 13, 13, 23];
    const cells = [r.liveMedianMs, r.medianMs, r.minMs, r.maxMs, r.cpuMedianMs].map((ms, i) =>
      (ms === undefined ? '-' : ms.toFixed(0)).padStart(widths[i]),
    );
    log(`${r.app.padEnd(14)} ${cells.join(' ')}`);
  }
  for (const r of results)
    log(
      `bench: startup ${r.app} median=${r.medianMs.toFixed(0)}ms target<${TARGET_MS}ms ${r.medianMs < TARGET_MS ? 'ok' : 'over'}`,
    );
}

const group = new ChildGroup();
process.on('exit', () => group.killAllSync());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await group.stopAll();
    process.exit(130);
  });
}
main(group).then(
  async () => {
    await group.stopAll();
    process.exit(0);
  },
  async (err) => {
    console.error(`bench:startup: FAILED: ${err.message}`);
    await group.stopAll();
    process.exit(1);
  },
);
