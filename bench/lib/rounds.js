'use strict';
/** Paired rounds: each round loads every target once, back to back, alternating which goes first. */

const { validSummary } = require('./load');
const { cpuMicros } = require('./processes');

/**
 * Calls `runOne(target, round)` for rounds 1..`rounds`, every target once a round, one at a time: in the
 * targets' order in odd rounds, reversed in even ones, so neither always runs first.
 * Example: `await eachRound([baseline, bff], 5, async (target, round) => { ... })`.
 */
async function eachRound(targets, rounds, runOne) {
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) await runOne(target, round);
  }
}

/**
 * Warms every target up for `cfg.warmupS` seconds (unless 0), then measures `cfg.rounds` paired rounds of
 * `cfg.durationS` seconds, logging each run as `round <n>: <target> <rps> req/s, p50 <ms> ms, p99 <ms> ms`.
 * `measure(target, durationS, label)` resolves with a run's figures (see load.js `validSummary`).
 * Resolves with the runs per target name, each `{ round, ...figures }`.
 */
async function measureRounds(targets, cfg, measure, log) {
  if (cfg.warmupS > 0) {
    for (const target of targets) await measure(target, cfg.warmupS, 'warm-up');
    log(`warm-up: ${cfg.warmupS} s per target done`);
  }
  const runs = Object.fromEntries(targets.map((target) => [target.name, []]));
  await eachRound(targets, cfg.rounds, async (target, round) => {
    const run = { round, ...(await measure(target, cfg.durationS, `round ${round}`)) };
    runs[target.name].push(run);
    log(
      `round ${round}: ${target.name} ${run.rps.toFixed(1)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`,
    );
  });
  return runs;
}

/**
 * The `measure(target, durationS, label)` of paired rounds: one `load` run (load.js `loadHome`, web-load.js
 * `loadGraphQL`) of the target with `tokens` over `cfg.connections` connections (at `cfg.rate` requests/s when
 * set), resolving with its figures and, when the target is a child process, its CPU time per answered request
 * (`cpuUsPerRequest`, from procfs; 10 ms resolution); throws `<label> of <target> is invalid: ...` when any
 * response was not 2xx or failed.
 * Example: `const measure = measureWith(loadHome, tokens, cfg); await measure(bff, 6, 'round 1')`.
 */
function measureWith(load, tokens, cfg) {
  return async (target, durationS, label) => {
    const pid = target.child?.proc.pid;
    const cpuBefore = pid === undefined ? undefined : cpuMicros(pid);
    const result = await load({
      url: target.url,
      tokens,
      connections: cfg.connections,
      durationS,
      rate: cfg.rate,
    });
    const cpuAfter = pid === undefined ? undefined : cpuMicros(pid);
    const summary = validSummary(result, `${label} of ${target.name}`);
    if (cpuBefore === undefined || cpuAfter === undefined) return summary;
    return { ...summary, cpuUsPerRequest: Math.round((cpuAfter - cpuBefore) / summary.requests) };
  };
}

module.exports = { eachRound, measureRounds, measureWith };
