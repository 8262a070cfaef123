'use strict';
/**
 * The web bench: loads `POST /graphql` (the viewer query: 10 orders x 3 items with product and stock, four
 * upstream calls) of the web-bff and of a hand-written Apollo baseline (bench/web-baseline.js) with the same
 * settings, alternately in rounds, against the same demo upstreams, and reports the ratios.
 * Ends with `bench: web-bff/baseline rps=<ratio> p99=<ratio>` and writes .bench/web-last.json.
 * Exits non-zero when any response was not 2xx, when the two targets answer differently, or on any failure.
 * Knobs: the shared ones of bench/README.md (connections, rounds, duration, warm-up, select, users, upstream
 * latency), plus BENCH_WEB_BFF_CMD and BENCH_WEB_BFF_ENV; see bench/WEB.md.
 */

const path = require('node:path');
const { readBenchConfig, sharedSettings, benchSubjects } = require('./lib/config');
const { runMain } = require('./lib/main');
const { httpJson } = require('./lib/http');
const { firstDifference } = require('./lib/compare');
const { measureRounds, measureWith } = require('./lib/rounds');
const { writeReport } = require('./lib/report');
const { startUpstreams, assertBuilt } = require('./lib/stack');
const { readWebConfig, mintWebTokens, startWebTargets } = require('./lib/web-stack');
const { VIEWER_QUERY, loadGraphQL } = require('./lib/web-load');
const { buildWebReport, formatWebReport, webSummaryLine } = require('./lib/web-report');

const log = (line) => console.log(line);

/** Both targets must reject a request without a token, and answer every user's viewer query identically. */
async function checkSameAnswers([baseline, bff], subjects, tokens) {
  const json = { query: VIEWER_QUERY };
  for (const target of [baseline, bff]) {
    const res = await httpJson('POST', `${target.url}/graphql`, { json });
    if (res.status !== 401)
      throw new Error(`${target.name} answered ${res.status} to POST /graphql without a token`);
  }
  for (let i = 0; i < tokens.length; i++) {
    const headers = { authorization: `Bearer ${tokens[i]}` };
    const [a, b] = await Promise.all(
      [baseline, bff].map((t) => httpJson('POST', `${t.url}/graphql`, { headers, json })),
    );
    for (const [target, res] of [
      [baseline, a],
      [bff, b],
    ]) {
      if (res.status !== 200 || !res.body || res.body.errors) {
        throw new Error(
          `${target.name} answered ${res.status} for ${subjects[i]}: ${JSON.stringify(res.body)}`,
        );
      }
    }
    const orders = a.body.data.viewer.orders;
    if (orders.length === 0 || orders.some((o) => o.items.some((it) => !it.product || !it.product.stock))) {
      throw new Error(
        `the answer for ${subjects[i]} lacks orders, products or stock: ${JSON.stringify(a.body)}`,
      );
    }
    const diff = firstDifference(a.body, b.body);
    if (diff) {
      throw new Error(
        `baseline and web-bff answer the viewer query for ${subjects[i]} differently at ${diff}\n` +
          `baseline: ${JSON.stringify(a.body)}\nweb-bff:  ${JSON.stringify(b.body)}`,
      );
    }
  }
  log(`sanity: both targets answer 401 without a token and the same JSON for ${subjects.join(', ')}`);
}

async function main(group) {
  const cfg = readBenchConfig();
  const web = readWebConfig();
  assertBuilt(web.bffCommand, cfg.repoRoot, 'web-bff', 'BENCH_WEB_BFF_CMD');
  assertBuilt(cfg.upstreamsCommand, cfg.repoRoot, 'demo-upstreams', 'BENCH_UPSTREAMS_CMD');
  const settings = {
    ...sharedSettings(cfg),
    bffCommand: web.bffCommand.join(' '),
    ...(Object.keys(web.bffEnv).length ? { bffEnv: web.bffEnv } : {}),
  };
  log(`bench: POST /graphql (viewer query), ${JSON.stringify(settings)}`);

  const upstreams = await startUpstreams(group, cfg);
  const subjects = benchSubjects(cfg);
  const tokens = await mintWebTokens(upstreams.idpUrl, subjects);
  const targets = await startWebTargets(group, cfg, web, upstreams);
  await checkSameAnswers(targets, subjects, tokens);

  const runs = await measureRounds(targets, cfg, measureWith(loadGraphQL, tokens, cfg), log);

  const report = buildWebReport({ runs, settings });
  log('');
  log(formatWebReport(report));
  const resultPath = path.join(path.dirname(cfg.resultPath), 'web-last.json');
  writeReport(resultPath, { ...report, finishedAt: new Date().toISOString() });
  log(`wrote ${resultPath}`);
  log(webSummaryLine(report));
}

runMain(main);
