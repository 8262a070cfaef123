'use strict';
/** The benchmark's knobs, read once from the environment and validated eagerly. */

const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Reads a non-negative integer env var, or returns its default.
 * Example: `readInt(process.env, 'BENCH_DURATION_S', 10, 1)`; throws when the value is not an integer >= min.
 */
function readInt(env, name, defaultValue, min) {
  const raw = env[name];
  if (raw === undefined || raw === '') return defaultValue;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

/** Reads one of `allowed`, or returns the first (the default); throws on anything else. */
function readChoice(env, name, allowed) {
  const raw = env[name];
  if (raw === undefined || raw === '') return allowed[0];
  if (!allowed.includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw;
}

/** Splits a command override like "node bench/baseline.js" into [file, ...args]; undefined when unset. */
function readCommand(env, name) {
  const raw = (env[name] || '').trim();
  return raw ? raw.split(/\s+/) : undefined;
}

/**
 * Reads `NAME=value` pairs separated by spaces (extra environment for one target); {} when unset.
 * Example: `readEnvPairs({ X: 'A=1 B=2' }, 'X') // { A: '1', B: '2' }`; throws on a pair without `=`.
 */
function readEnvPairs(env, name) {
  const raw = (env[name] || '').trim();
  if (!raw) return {};
  const pairs = {};
  for (const pair of raw.split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`${name} must be NAME=value pairs separated by spaces, got "${pair}"`);
    pairs[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return pairs;
}

/**
 * What the demo BFFs do by default that no hand-written baseline does: coalescing identical concurrent reads and
 * caching catalog products. Both make the BFF do less upstream work than the baseline, so a comparison with one
 * turns them off in the BFF (`BENCH_SAME_WORK=0` keeps them; `BENCH_BFF_ENV` / `BENCH_WEB_BFF_ENV` win).
 */
const SAME_WORK_ENV = {
  UPSTREAM_USERS_COALESCE: 'false',
  UPSTREAM_ORDERS_COALESCE: 'false',
  UPSTREAM_CATALOG_COALESCE: 'false',
  UPSTREAM_INVENTORY_COALESCE: 'false',
  UPSTREAM_CATALOG_CACHE_ROUTES: 'off',
};

/** Whether the comparisons with a hand-written baseline run the BFF doing the same work (`BENCH_SAME_WORK`, default 1). */
function readSameWork(env) {
  return readChoice(env, 'BENCH_SAME_WORK', ['1', '0']) === '1';
}

/**
 * The environment of a BFF compared with a hand-written baseline: {@link SAME_WORK_ENV} under `extra` when
 * `sameWork`, else `extra` alone. Example: `sameWorkEnv(cfg.sameWork, cfg.bffEnv)`.
 */
function sameWorkEnv(sameWork, extra) {
  return sameWork ? { ...SAME_WORK_ENV, ...extra } : extra;
}

/**
 * All knobs of `npm run bench`, with their defaults.
 * Example: `const cfg = readBenchConfig(process.env); cfg.durationS // 10`
 */
function readBenchConfig(env = process.env) {
  return {
    /** Measured load per run, in seconds. Default is 6. */
    durationS: readInt(env, 'BENCH_DURATION_S', 6, 1),
    /** Unmeasured warm-up load per target before the first round, in seconds. Default is 2. */
    warmupS: readInt(env, 'BENCH_WARMUP_S', 2, 0),
    /** Concurrent keep-alive connections of the load generator. Default is 32. */
    connections: readInt(env, 'BENCH_CONNECTIONS', 32, 1),
    /** Rounds; each loads both targets once, alternating which goes first. Default is 5. */
    rounds: readInt(env, 'BENCH_ROUNDS', 5, 1),
    /**
     * Offered load in requests/s over all connections (autocannon's `overallRate`), so both targets serve the
     * same rate and their CPU per request compares like with like. Default is 0: as fast as each target answers.
     */
    rate: readInt(env, 'BENCH_RATE', 0, 0),
    /**
     * How the figures are taken from the runs: paired (medians per target, ratios as the median of per-round
     * ratios), median (ratios of the per-target medians) or best (the run with most req/s). Default paired.
     */
    select: readChoice(env, 'BENCH_SELECT', ['paired', 'median', 'best']),
    /** Distinct users (u2, u3, ...) whose tokens each connection cycles through. Default is 10. */
    users: readInt(env, 'BENCH_USERS', 10, 1),
    /** Latency added to every upstream response via PUT /__faults, in milliseconds. Default is 0. */
    upstreamLatencyMs: readInt(env, 'BENCH_UPSTREAM_LATENCY_MS', 0, 0),
    /** Command that starts the "mobile-bff" target. Default is node dist/apps/mobile-bff/main.js. */
    bffCommand: readCommand(env, 'BENCH_BFF_CMD') || ['node', 'dist/apps/mobile-bff/main.js'],
    /** `bench:instructions`: measured requests per target after the warm-up. Default is 1000. */
    irRequests: readInt(env, 'BENCH_IR_REQUESTS', 1000, 1),
    /** `bench:instructions`: warm-up requests per target run. Default is 600. */
    irWarmup: readInt(env, 'BENCH_IR_WARMUP', 600, 1),
    /** `bench:instructions`: longest wait for a target to start under valgrind, in seconds. Default is 180. */
    irStartTimeoutS: readInt(env, 'BENCH_IR_START_TIMEOUT_S', 180, 1),
    /**
     * Extra environment for both targets, e.g. AUTH_TOKEN_CACHE_MAX_AGE_MS=0 (the baseline reads the same variable
     * and ignores the ones it has no use for). Default none.
     */
    bffEnv: readEnvPairs(env, 'BENCH_BFF_ENV'),
    /**
     * The comparisons with a hand-written baseline (`bench`, `bench:web`, `bench:instructions*`) turn the BFF's
     * coalescing and catalog cache off ({@link SAME_WORK_ENV}): `1` (default) or `0` (the apps as shipped).
     */
    sameWork: readSameWork(env),
    /**
     * The rate-limit run: the mobile-bff with its per-user limit in Redis (a redis-server from PATH on a free
     * port) against the same without limits. `1` runs it after the baseline comparison, `0` skips it, `only`
     * runs it alone. Default is 1.
     */
    rateLimitRun: readChoice(env, 'BENCH_RATE_LIMIT', ['1', '0', 'only']),
    /**
     * What the "baseline" target is: the hand-written bench/baseline.js (`baseline`), or the mobile-bff itself
     * with every resilience policy (breaker, bulkhead, retry) off on every upstream (`policies`), which measures
     * what the policies cost when nothing trips, or the mobile-bff with observability off (`observability`),
     * against the "mobile-bff" target exporting every span to a local collector that drops them, with
     * `SERVER_TIMING=all`; for `bench:instructions` also `rate-limit`: the mobile-bff with its per-user limit
     * decided in Redis against the same with `RATE_LIMIT_ENABLED=false`. Default baseline.
     */
    mode: readChoice(env, 'BENCH_MODE', ['baseline', 'policies', 'observability', 'rate-limit']),
    /** `BENCH_MODE=observability`: `OTEL_TRACES_SAMPLER` of the traced target. Default parentbased_always_on (every request). */
    otelSampler: env.BENCH_OTEL_SAMPLER || 'parentbased_always_on',
    /** `BENCH_MODE=observability`: `OTEL_TRACES_SAMPLER_ARG` of the traced target. Default 1. */
    otelSamplerArg: env.BENCH_OTEL_SAMPLER_ARG || '1',
    /** `bench:startup`: start-ups measured per app. Default is 5. */
    startupRuns: readInt(env, 'BENCH_STARTUP_RUNS', 5, 1),
    /** `bench:startup`: longest wait for one app's `/health/ready`, in milliseconds. Default is 30000. */
    startupTimeoutMs: readInt(env, 'BENCH_STARTUP_TIMEOUT_MS', 30_000, 1000),
    /** Command that starts the demo upstreams. Default is node dist/apps/demo-upstreams/main.js. */
    upstreamsCommand: readCommand(env, 'BENCH_UPSTREAMS_CMD') || ['node', 'dist/apps/demo-upstreams/main.js'],
    /**
     * The baselines' request context: `none` (default), or `als`: each request runs inside an AsyncLocalStorage
     * store (bench/lib/als-context.js), so the baseline pays Node 20's promise hooks as the framework does.
     */
    baselineContext: readChoice(env, 'BENCH_BASELINE_CONTEXT', ['none', 'als']),
    /** Command that starts the baseline: the hand-written bench/baseline.js (see `baselineContext`). */
    baselineCommand: baselineCommand(env, 'bench/baseline.js'),
    repoRoot: REPO_ROOT,
    resultPath: path.join(REPO_ROOT, '.bench', 'last.json'),
  };
}

/**
 * `node <script>`, with the preload of `BENCH_BASELINE_CONTEXT=als` when set.
 * Example: `baselineCommand(process.env, 'bench/web-baseline.js') // ['node', 'bench/web-baseline.js']`
 */
function baselineCommand(env, script) {
  const als = readChoice(env, 'BENCH_BASELINE_CONTEXT', ['none', 'als']) === 'als';
  return [
    'node',
    ...(als ? ['--require', path.join(REPO_ROOT, 'bench', 'lib', 'als-context.js')] : []),
    script,
  ];
}

/**
 * The settings every paired bench prints and writes with its report, from `readBenchConfig`'s knobs; each
 * bench adds its own after them (its mode, its target's command and extra environment).
 */
function sharedSettings(cfg) {
  return {
    connections: cfg.connections,
    durationS: cfg.durationS,
    warmupS: cfg.warmupS,
    rounds: cfg.rounds,
    select: cfg.select,
    users: cfg.users,
    upstreamLatencyMs: cfg.upstreamLatencyMs,
    sameWork: cfg.sameWork,
    ...(cfg.rate > 0 ? { rate: cfg.rate } : {}),
    ...(cfg.baselineContext === 'als' ? { baselineContext: 'als' } : {}),
  };
}

/** The users whose tokens each connection cycles through: `u2`, `u3`, ... (`cfg.users` of them). */
function benchSubjects(cfg) {
  return Array.from({ length: cfg.users }, (_, i) => `u${i + 2}`);
}

module.exports = {
  readBenchConfig,
  baselineCommand,
  readCommand,
  readEnvPairs,
  readSameWork,
  sameWorkEnv,
  sharedSettings,
  benchSubjects,
  SAME_WORK_ENV,
  REPO_ROOT,
};
