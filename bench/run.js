'use strict';
/**
 * `npm run bench`: loads `GET /v1/home` of the mobile-bff and of a hand-written baseline (bench/baseline.js)
 * with the same settings, one after the other, against the same demo upstreams, and reports the ratios.
 * Ends with `bench: mobile-bff/baseline rps=<ratio> p99=<ratio>` and writes .bench/last.json. Then (unless
 * BENCH_RATE_LIMIT=0) the rate-limit run: the mobile-bff with its Redis-backed per-user limit against the same
 * without limits, ending with `bench: mobile-bff redis-limit/no-limit rps=<ratio> p99=<ratio>`.
 * Exits non-zero when any response was not 2xx, when the two targets answer differently, or on any failure.
 * Knobs: see bench/README.md.
 */

const { readBenchConfig, sharedSettings, benchSubjects } = require('./lib/config');
const { runMain } = require('./lib/main');
const { httpJson } = require('./lib/http');
const { firstDifference } = require('./lib/compare');
const { loadHome } = require('./lib/load');
const { measureRounds, measureWith } = require('./lib/rounds');
const { buildReport, formatReport, summaryLine, writeReport } = require('./lib/report');
const { startUpstreams, mintTokens, startTargets, startOtlpSink, assertBuilt } = require('./lib/stack');
const { runRateLimitBench, formatRateLimitReport, rateLimitSummaryLine } = require('./lib/rate-limit-bench');

const log = (line) => console.log(line);

/** Both targets must reject a request without a token, and answer every user's home screen identically. */
async function checkSameAnswers([baseline, bff], subjects, tokens) {
  for (const target of [baseline, bff]) {
    const res = await httpJson('GET', `${target.url}/v1/home`);
    if (res.status !== 401)
      throw new Error(`${target.name} answered ${res.status} to GET /v1/home without a token`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const headers = { authorization: `Bearer ${tokens[i]}` };
    const [a, b] = await Promise.all(
      [baseline, bff].map((t) => httpJson('GET', `${t.url}/v1/home`, { headers })),
    );
    for (const [target, res] of [
      [baseline, a],
      [bff, b],
    ]) {
      if (res.status !== 200) {
        throw new Error(
          `${target.name} answered ${res.status} for ${subjects[i]}: ${JSON.stringify(res.body)}`,
        );
      }
    }
    const diff = firstDifference(a.body, b.body);
    if (diff) {
      throw new Error(
        `baseline and mobile-bff answer GET /v1/home for ${subjects[i]} differently at ${diff}\n` +
          `baseline:   ${JSON.stringify(a.body)}\nmobile-bff: ${JSON.stringify(b.body)}`,
      );
    }
  }
  log(`sanity: both targets answer 401 without a token and the same JSON for ${subjects.join(', ')}`);
}

async function main(group) {
  const cfg = readBenchConfig();
  assertBuilt(cfg.bffCommand, cfg.repoRoot, 'mobile-bff', 'BENCH_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  const settings = {
    ...sharedSettings(cfg),
    mode: cfg.mode,
    bffCommand: cfg.bffCommand.join(' '),
    ...(Object.keys(cfg.bffEnv).length ? { bffEnv: cfg.bffEnv } : {}),
  };
  log(`bench: GET /v1/home, ${JSON.stringify(settings)}`);
  if (cfg.mode === 'policies')
    log('BENCH_MODE=policies: "baseline" is the mobile-bff with breakers, bulkheads and retries off');
  if (cfg.mode === 'observability')
    log(
      `BENCH_MODE=observability: "baseline" is the mobile-bff with observability off; "mobile-bff" exports ` +
        `spans (${cfg.otelSampler}) to a collector that drops them, with SERVER_TIMING=all`,
    );

  const upstreams = await startUpstreams(group, cfg);
  if (cfg.mode === 'observability') upstreams.sinkUrl = await startOtlpSink(group, cfg);
  const subjects = benchSubjects(cfg);
  const tokens = await mintTokens(upstreams.idpUrl, subjects);
  const report =
    cfg.rateLimitRun === 'only'
      ? undefined
      : await compareWithBaseline(group, cfg, settings, upstreams, subjects, tokens);

  let rateLimit;
  if (cfg.rateLimitRun !== '0') {
    if (report) log('');
    rateLimit = await runRateLimitBench(
      group,
      cfg,
      upstreams,
      tokens,
      measureWith(loadHome, tokens, cfg),
      log,
    );
    log('');
    log(formatRateLimitReport(rateLimit));
  }
  writeReport(cfg.resultPath, {
    ...(report ?? { settings }),
    rateLimit,
    finishedAt: new Date().toISOString(),
  });
  log(`wrote ${cfg.resultPath}`);
  if (report) log(summaryLine(report));
  if (rateLimit) log(rateLimitSummaryLine(rateLimit));
}

/** Samplers that record no span of a request without a sampled parent (the bench sends none). */
const RECORDS_NOTHING = /^(parentbased_)?always_off$/;

/**
 * `BENCH_MODE=observability`: proves the traced target did the work the ratio prices: its answers carry
 * `Server-Timing` and the collector received spans (none with a sampler that records nothing, such as
 * `always_off`, whose run prices the machinery alone). Throws otherwise.
 */
async function reportExported(sinkUrl, traced, token, sampler) {
  const res = await httpJson('GET', `${traced.url}/v1/home`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!String(res.headers['server-timing'] || '').includes('users;dur='))
    throw new Error('the traced mobile-bff answered without Server-Timing');
  const { body } = await httpJson('GET', `${sinkUrl}/stats`);
  if (RECORDS_NOTHING.test(sampler)) {
    if (body.exports > 0) throw new Error(`the collector received spans although the sampler is ${sampler}`);
    log(`collector: no spans, as the sampler ${sampler} records none`);
    return;
  }
  if (!(body.exports > 0)) throw new Error('the collector received no spans from the traced mobile-bff');
  log(
    `collector: ${body.exports} OTLP exports, ${(body.bytes / 1e6).toFixed(1)} MB of spans received and dropped`,
  );
}

/** The mobile-bff against the hand-written baseline, in paired rounds; prints and returns the report. */
async function compareWithBaseline(group, cfg, settings, upstreams, subjects, tokens) {
  const targets = await startTargets(group, cfg, upstreams);
  await checkSameAnswers(targets, subjects, tokens);

  const runs = await measureRounds(targets, cfg, measureWith(loadHome, tokens, cfg), log);
  const report = buildReport({ runs, settings });
  log('');
  log(formatReport(report));
  if (upstreams.sinkUrl) await reportExported(upstreams.sinkUrl, targets[1], tokens[0], cfg.otelSampler);
  return report;
}

runMain(main);
