'use strict';
/** The table and the summary line of the web benchmark, from the shared report's figures. */

const { median, select, spread, pairedRatios, ratio } = require('./report');

const NOISY_SPREAD = 0.15;

/** Pads cells into aligned columns; the first column left-aligned, the others right-aligned. */
function formatTable(rows) {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => String(row[col]).length)));
  return rows
    .map((row) =>
      row
        .map((cell, col) =>
          col === 0 ? String(cell).padEnd(widths[col]) : String(cell).padStart(widths[col]),
        )
        .join('  '),
    )
    .join('\n');
}

/**
 * Same selection as the mobile bench (bench/lib/report.js): paired (default), median or best.
 * Example: `buildWebReport({ runs: { baseline: [...], 'web-bff': [...] }, settings: { select: 'paired' } })`.
 */
function buildWebReport({ runs, settings }) {
  const paired = settings.select === 'paired';
  const mode = paired ? 'median' : settings.select;
  const baseline = select(runs.baseline, mode);
  const bff = select(runs['web-bff'], mode);
  return {
    settings,
    runs,
    selected: { baseline, 'web-bff': bff },
    spread: { baseline: spread(runs.baseline), 'web-bff': spread(runs['web-bff']) },
    perRound: runs.baseline.map((b) => {
      const r = runs['web-bff'].find((run) => run.round === b.round);
      return r ? Math.round((r.rps / b.rps) * 100) / 100 : undefined;
    }),
    ratios: paired
      ? pairedRatios(runs.baseline, runs['web-bff'])
      : {
          rps: ratio(bff.rps, baseline.rps),
          p50: ratio(bff.p50Ms, baseline.p50Ms),
          p99: ratio(bff.p99Ms, baseline.p99Ms),
        },
  };
}

/** Every run, the selected figures, the ratios, the per-round ratios and the spread. */
function formatWebReport(report) {
  const row = (label, run) => [
    label,
    run.rps.toFixed(1),
    run.p50Ms.toFixed(2),
    run.p99Ms.toFixed(2),
    run.requests,
  ];
  const header = ['target', 'req/s', 'p50 ms', 'p99 ms', 'requests'];
  const all = ['baseline', 'web-bff'].flatMap((t) =>
    report.runs[t].map((run) => row(`${t} (round ${run.round})`, run)),
  );
  const { rps, p50, p99 } = report.ratios;
  const noisy = Object.values(report.spread).some((v) => v > NOISY_SPREAD);
  return [
    'every run:',
    formatTable([header, ...all]),
    '',
    `result (${report.settings.select}, ${report.runs.baseline.length} runs per target):`,
    formatTable([
      header,
      row('baseline', report.selected.baseline),
      row('web-bff', report.selected['web-bff']),
      ['web-bff/baseline', rps.toFixed(2), p50.toFixed(2), p99.toFixed(2), ''],
    ]),
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
  return `bench: web-bff/baseline rps=${report.ratios.rps.toFixed(2)} p99=${report.ratios.p99.toFixed(2)}`;
}

module.exports = { buildWebReport, formatWebReport, webSummaryLine, median };
