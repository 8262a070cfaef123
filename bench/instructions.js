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

const { runInstructionsBench } = require('./lib/instructions');
const { loadHome } = require('./lib/load');
const { mintTokens, targetEnv, startOtlpSink, observabilityOn, POLICIES_OFF, HOST } = require('./lib/stack');
const { startRedis, evalshaCalls } = require('./lib/rate-limit-bench');
const { sameWorkEnv } = require('./lib/config');

/** BENCH_MODE=rate-limit: the pair of the rate-limit run, one EVALSHA per request against none. */
const rateLimitPair = (cfg) => ({
  bff: { name: 'redis-limit', command: cfg.bffCommand, commandVar: 'BENCH_BFF_CMD', env: cfg.bffEnv },
  baseline: {
    name: 'no-limit',
    command: cfg.bffCommand,
    env: { ...cfg.bffEnv, RATE_LIMIT_ENABLED: 'false' },
  },
  prepare: async (group) => {
    const redis = await startRedis(group, cfg);
    return {
      // valgrind slows the process some 50 times: a generous timeout keeps every decision in Redis
      bffEnv: { REDIS_URL: `redis://${HOST}:${redis.port}`, RATE_LIMIT_STORE_TIMEOUT_MS: '5000' },
      count: () => evalshaCalls(redis.port),
      countLabel: 'EVALSHA per request',
    };
  },
});

/** BENCH_MODE=observability: traced (spans to a collector that drops them, Server-Timing on every answer) against untraced. */
const observabilityPair = (cfg) => ({
  bff: { name: 'traced', command: cfg.bffCommand, commandVar: 'BENCH_BFF_CMD', env: cfg.bffEnv },
  baseline: { name: 'untraced', command: cfg.bffCommand, env: { ...cfg.bffEnv, SERVER_TIMING: 'debug' } },
  prepare: async (group) => ({ bffEnv: observabilityOn(cfg, await startOtlpSink(group, cfg)) }),
});

runInstructionsBench((cfg) => ({
  label: 'GET /v1/home',
  bff: {
    name: 'mobile-bff',
    command: cfg.bffCommand,
    commandVar: 'BENCH_BFF_CMD',
    env: cfg.mode === 'policies' ? cfg.bffEnv : sameWorkEnv(cfg.sameWork, cfg.bffEnv),
  },
  // BENCH_MODE=policies: the "baseline" is the mobile-bff with every breaker, bulkhead and retry off
  baseline:
    cfg.mode === 'policies'
      ? { command: cfg.bffCommand, env: { ...cfg.bffEnv, ...POLICIES_OFF } }
      : { command: cfg.baselineCommand, env: cfg.bffEnv },
  mintTokens,
  loadFn: loadHome,
  targetEnv,
  ...(cfg.mode === 'rate-limit' ? rateLimitPair(cfg) : {}),
  ...(cfg.mode === 'observability' ? observabilityPair(cfg) : {}),
}));
