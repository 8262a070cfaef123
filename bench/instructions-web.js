'use strict';
/**
 * The CPU cost of one viewer query (`POST /graphql`) as a count of machine instructions, for the web-bff and
 * its baseline (bench/web-baseline.js), measured with valgrind's callgrind the way bench/instructions.js does
 * for the mobile-bff: each target runs twice with the same warm-up, once followed by no measured request and
 * once by BENCH_IR_REQUESTS of them; the difference divided by that count is the cost of one request.
 * Ends with `instructions: web-bff/baseline=<ratio> (<bff>M vs <baseline>M per request)`.
 * Knobs: BENCH_IR_REQUESTS, BENCH_IR_WARMUP, BENCH_USERS, BENCH_WEB_BFF_CMD, BENCH_WEB_BFF_ENV (bench/WEB.md).
 */

const { runInstructionsBench } = require('./lib/instructions');
const { readWebConfig, mintWebTokens, webTargetEnv } = require('./lib/web-stack');
const { loadGraphQL } = require('./lib/web-load');

runInstructionsBench(() => {
  const web = readWebConfig();
  return {
    label: 'POST /graphql (viewer)',
    bff: { name: 'web-bff', command: web.bffCommand, commandVar: 'BENCH_WEB_BFF_CMD', env: web.bffEnv },
    baseline: { command: web.baselineCommand, env: {} },
    mintTokens: mintWebTokens,
    loadFn: loadGraphQL,
    targetEnv: webTargetEnv,
  };
});
