'use strict';
/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by package, so the cost of
 * one target under load can be read without a GUI.
 * Run: node bench/lib/web-cpuprofile.js <file.cpuprofile> [top]
 */

const fs = require('node:fs');

/** The package (or area) a script URL belongs to: `@nestjs/core`, `graphql`, `node:internal`, `app`, ... */
function areaOf(url) {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node:internal';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (url.includes('/dist/apps/')) return 'app bundle (dist)';
  if (url.includes('/bench/')) return 'bench';
  return url;
}

/**
 * Self time (ms) per function (`name url:line`) and per area, plus the total sampled time.
 * Example: `const { total, byFunction, byArea } = summarise(JSON.parse(fs.readFileSync(file, 'utf8')))`.
 */
function summarise(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) || 0) + (deltas[i + 1] ?? deltas[i] ?? 0));
  }
  const byFunction = new Map();
  const byArea = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { callFrame: f } = nodes.get(id);
    if (f.functionName === '(idle)') continue;
    total += us;
    const file = f.url
      ? f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(dist|bench)\//, '$1/')
      : '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) || 0) + us);
    const area = areaOf(f.url);
    byArea.set(area, (byArea.get(area) || 0) + us);
  }
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, us / 1000]);
  return { total: total / 1000, byFunction: sorted(byFunction), byArea: sorted(byArea) };
}

if (require.main === module) {
  const [file, top = '30'] = process.argv.slice(2);
  const { total, byFunction, byArea } = summarise(JSON.parse(fs.readFileSync(file, 'utf8')));
  const pct = (ms) => `${((ms / total) * 100).toFixed(1).padStart(5)} %`;
  console.log(`busy (non-idle) sampled time: ${total.toFixed(0)} ms`);
  console.log('\nself time by package/area:');
  for (const [area, ms] of byArea.slice(0, 20))
    console.log(`${pct(ms)}  ${ms.toFixed(0).padStart(6)} ms  ${area}`);
  console.log(`\ntop ${top} functions by self time:`);
  for (const [fn, ms] of byFunction.slice(0, Number(top))) console.log(`${pct(ms)}  ${fn}`);
}

module.exports = { summarise, areaOf };
