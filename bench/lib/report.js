'use strict';
/** The printed table, the one-line summary and the JSON file of a benchmark. */

const fs = require('node:fs');
const path = require('node:path');

/** The median of numbers (the mean of the middle two when their count is even). */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One figure per metric from a target's runs, the same way for both targets.
 * `median`: the median of each metric on its own. `best`: the run with the most requests/s, whole.
 * Example: `select([{ rps: 1, p50Ms: 2, p99Ms: 3, requests: 4 }], 'median')`.
 */
function select(runs, mode) {
  if (mode === 'best') return runs.reduce((best, run) => (run.rps > best.rps ? run : best));
  const of = (key) => median(runs.map((run) => run[key]));
  return {
    rps: of('rps'),
    p50Ms: of('p50Ms'),
    p99Ms: of('p99Ms'),
    requests: Math.round(of('requests')),
    ...(hasCpu(runs) ? { cpuUsPerRequest: Math.round(of('cpuUsPerRequest')) } : {}),
  };
}

/** Whether every run carries its target's CPU time per request (measured from procfs). */
function hasCpu(runs) {
  return runs.length > 0 && runs.every((run) => run.cpuUsPerRequest !== undefined);
}

/** How far apart a target's runs are: (max - min) / median of requests/s. Example: 0.08 means 8 %. */
function spread(runs) {
  const rps = runs.map((run) => run.rps);
  return Math.round(((Math.max(...rps) - Math.min(...rps)) / median(rps)) * 100) / 100;
}

/** Above this spread the machine was too busy for the ratios to mean much; the report says so. */
const NOISY_SPREAD = 0.15;

const SELECTION_TEXT = {
  paired: (n) =>
    `median of ${n} runs per target; ratios: median of the ${n} per-round ratios (both targets back to back)`,
  median: (n) => `median of ${n} runs per target, each metric on its own`,
  best: (n) => `best of ${n} runs per target by requests/s`,
};

/** bff / baseline, rounded to two decimals. Example: `ratio(90, 100) // 0.9` */
function ratio(bff, baseline) {
  return Math.round((bff / baseline) * 100) / 100;
}

/** Pads cells into aligned columns; the first column is left-aligned, the others right-aligned. */
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

/** The columns of a run's row in the tables (see `runRow`). */
const RUN_HEADER = ['target', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'cpu µs/req'];

/** One row of a table: the label, then the run's req/s, p50 and p99 in ms, its requests and CPU per request. */
function runRow(label, run) {
  return [
    label,
    run.rps.toFixed(1),
    run.p50Ms.toFixed(2),
    run.p99Ms.toFixed(2),
    run.requests,
    run.cpuUsPerRequest ?? '-',
  ];
}

/** Every run of each of `targets`, in that order, as rows labelled `<target> (round <n>)`. */
function everyRunRows(runs, targets) {
  return targets.flatMap((target) =>
    runs[target].map((run) => runRow(`${target} (round ${run.round})`, run)),
  );
}

/**
 * Builds the report from every measured run per target.
 * Example: `buildReport({ runs: { baseline: [...], 'mobile-bff': [...] }, settings: { select: 'median' } })`.
 */
function buildReport({ runs, settings }) {
  const { baseline, bff, ratios } = compareRuns(runs.baseline, runs['mobile-bff'], settings.select);
  return {
    settings,
    selection: SELECTION_TEXT[settings.select](runs.baseline.length),
    runs,
    selected: { baseline, 'mobile-bff': bff },
    spread: { baseline: spread(runs.baseline), 'mobile-bff': spread(runs['mobile-bff']) },
    ratios,
  };
}

/**
 * The selected figures of both targets and the bff/baseline ratios, by `BENCH_SELECT`: `paired` (medians, and
 * ratios as the median of the per-round ratios), `median` or `best` (ratios of the selected figures).
 * Example: `compareRuns(runs.baseline, runs['web-bff'], 'paired').ratios.rps // 0.6`
 */
function compareRuns(baselineRuns, bffRuns, selectMode) {
  const paired = selectMode === 'paired';
  const baseline = select(baselineRuns, paired ? 'median' : selectMode);
  const bff = select(bffRuns, paired ? 'median' : selectMode);
  const ratios = paired
    ? pairedRatios(baselineRuns, bffRuns)
    : {
        rps: ratio(bff.rps, baseline.rps),
        p50: ratio(bff.p50Ms, baseline.p50Ms),
        p99: ratio(bff.p99Ms, baseline.p99Ms),
        ...(bff.cpuUsPerRequest !== undefined && baseline.cpuUsPerRequest !== undefined
          ? { cpu: ratio(bff.cpuUsPerRequest, baseline.cpuUsPerRequest) }
          : {}),
      };
  return { baseline, bff, ratios };
}

/**
 * Ratios from runs paired by round: each round loads both targets back to back, so a slow spell of the machine
 * (they last from seconds to a minute on a shared VM) weighs on both sides of that round's ratio, whereas the
 * ratio of two medians can compare one target's slow runs with the other's fast ones.
 * Example: `pairedRatios([{ round: 1, rps: 100, ... }], [{ round: 1, rps: 90, ... }]).rps // 0.9`
 */
function pairedRatios(baselineRuns, bffRuns) {
  const pairs = baselineRuns.map((b) => [b, bffRuns.find((r) => r.round === b.round)]).filter(([, r]) => r);
  const of = (key) => ratio(median(pairs.map(([b, r]) => r[key] / b[key])), 1);
  const cpu = hasCpu(pairs.flat()) ? { cpu: of('cpuUsPerRequest') } : {};
  return { rps: of('rps'), p50: of('p50Ms'), p99: of('p99Ms'), ...cpu };
}

/** The human-readable table: every run, the selected figures per target, the ratios and the spread. */
function formatReport(report) {
  const spreads = Object.entries(report.spread).map(
    ([target, value]) => `${target} ${Math.round(value * 100)} %`,
  );
  const noisy = Object.values(report.spread).some((value) => value > NOISY_SPREAD);
  return [
    ...formatRunTables(report, 'mobile-bff', report.selection),
    ...(report.settings.select === 'paired'
      ? ['', `per-round mobile-bff/baseline req/s: ${perRound(report.runs)}`]
      : []),
    '',
    `spread of req/s between runs ((max - min) / median): ${spreads.join(', ')}`,
    ...(noisy
      ? [
          `warning: runs of one target differ by more than ${NOISY_SPREAD * 100} %: the machine was busy; ratios are unreliable`,
        ]
      : []),
  ].join('\n');
}

/**
 * The two tables of a report, as lines: `every run:` of the baseline and the `bff` target, then
 * `result (<selection>):` with the selected figures of both and the `<bff>/baseline` ratios.
 */
function formatRunTables(report, bff, selection) {
  const { rps, p50, p99, cpu } = report.ratios;
  return [
    'every run:',
    formatTable([RUN_HEADER, ...everyRunRows(report.runs, ['baseline', bff])]),
    '',
    `result (${selection}):`,
    formatTable([
      RUN_HEADER,
      runRow('baseline', report.selected.baseline),
      runRow(bff, report.selected[bff]),
      [`${bff}/baseline`, rps.toFixed(2), p50.toFixed(2), p99.toFixed(2), '', cpu?.toFixed(2) ?? '-'],
    ]),
  ];
}

/** Each round's req/s ratio, in round order. Example: `perRound(runs) // '0.91 0.88 0.93'` */
function perRound(runs) {
  return runs.baseline
    .map((b) => {
      const r = runs['mobile-bff'].find((run) => run.round === b.round);
      return r ? (r.rps / b.rps).toFixed(2) : '-';
    })
    .join(' ');
}

/** The one summary line scripts can grep. Example: `bench: mobile-bff/baseline rps=0.91 p99=1.12` */
function summaryLine(report) {
  return `bench: mobile-bff/baseline rps=${report.ratios.rps.toFixed(2)} p99=${report.ratios.p99.toFixed(2)}${cpuPart(report)}`;
}

/**
 * ` cpu=<ratio>` (CPU per request, target over baseline) for summary lines when both targets' CPU was measured,
 * else ''. Example: `cpuPart(report) // ' cpu=1.42'`
 */
function cpuPart(report) {
  return report.ratios.cpu === undefined ? '' : ` cpu=${report.ratios.cpu.toFixed(2)}`;
}

/** Writes the report as JSON, creating the directory if needed. */
function writeReport(filePath, report) {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, `${JSON.stringify(report, null, 2)}\n`);
}

module.exports = {
  buildReport,
  cpuPart,
  compareRuns,
  formatRunTables,
  NOISY_SPREAD,
  formatReport,
  summaryLine,
  writeReport,
  ratio,
  median,
  select,
  spread,
  pairedRatios,
};
