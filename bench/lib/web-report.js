'use strict';
/** The table and the summary line of the web benchmark, from the shared report's figures. */

const { spread, compareRuns, cpuPart, formatRunTables, NOISY_SPREAD } = require('./report');

/**
 * Same selection as the mobile bench (bench/lib/report.js): paired (default), median or best.
 * Example: `buildWebReport({ runs: { baseline: [...], 'web-bff': [...] }, settings: { select: 'paired' } })`.
 */
function buildWebReport({ runs, settings }) {
  const { baseline, bff, ratios } = compareRuns(runs.baseline, runs['web-bff'], settings.select);
  return {
    settings,
    runs,
    selected: { baseline, 'web-bff': bff },
    spread: { baseline: spread(runs.baseline), 'web-bff': spread(runs['web-bff']) },
    perRound: runs.baseline.map((b) => {
      const r = runs['web-bff'].find((run) => run.round === b.round);
      return r ? Math.round((r.rps / b.rps) * 100) / 100 : undefined;
    }),
    ratios,
  };
}

/** Every run, the selected figures, the ratios, the per-round ratios and the spread. */
function formatWebReport(report) {
  const noisy = Object.values(report.spread).some((v) => v > NOISY_SPREAD);
  const selection = `${report.settings.select}, ${report.runs.baseline.length} runs per target`;
  return [
    ...formatRunTables(report, 'web-bff', selection),
    '',
    `per-round web-bff/baseline req/s: ${report.perRound.map((r) => (r === undefined ? '-' : r.toFixed(2))).join(' ')}`,
    `spread of req/s between runs ((max - min) / median): baseline ${Math.round(report.spread.baseline * 100)} %, ` +
      `web-bff ${Math.round(report.spread['web-bff'] * 100)} %`,
    ...(noisy
      ? [`warning: runs of one target differ by more than ${NOISY_SPREAD * 100} %: the machine was busy`]
      : []),
  ].join('\n');
}

/** The one summary line. Example: `bench: web-bff/baseline rps=0.71 p99=1.40` */
function webSummaryLine(report) {
  return `bench: web-bff/baseline rps=${report.ratios.rps.toFixed(2)} p99=${report.ratios.p99.toFixed(2)}${cpuPart(report)}`;
}

module.exports = { buildWebReport, formatWebReport, webSummaryLine };
