'use strict';
/**
 * Preload that prices what a process requires: per package, the files loaded and the milliseconds spent in
 * `require()` of its files, net of the packages they require in turn (`app` is the bundle itself, whose time
 * includes running its modules' top level). Written when the process exits (a BFF does on SIGTERM, after its
 * drain), to `REQUIRE_COSTS_FILE` (default `<tmpdir>/require-costs-<pid>.txt`). Node's own modules are not
 * listed.
 * @example BENCH_STARTUP_RUNS=1 BENCH_BFF_ENV="NODE_OPTIONS=--require=$PWD/bench/lib/require-costs.js" npm run bench:startup
 */
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');

const out = process.env.REQUIRE_COSTS_FILE || path.join(os.tmpdir(), `require-costs-${process.pid}.txt`);
const selfMs = new Map();
const files = new Map();
const seen = new Set();
const stack = [];

function packageOf(file) {
  if (!path.isAbsolute(file)) return undefined; // node:fs, fs: Node's own
  const match = /.*node_modules\/((@[^/]+\/)?[^/]+)/.exec(file);
  return match ? match[1] : 'app';
}

const load = Module._load;
Module._load = function timedLoad(request, parent, isMain) {
  let file;
  try {
    file = Module._resolveFilename(request, parent, isMain);
  } catch {
    return load.apply(this, arguments); // let Node throw its own error
  }
  const pkg = packageOf(file);
  if (pkg === undefined) return load.apply(this, arguments);
  const frame = { nested: 0 };
  stack.push(frame);
  const started = performance.now();
  try {
    return load.apply(this, arguments);
  } finally {
    const ms = performance.now() - started;
    stack.pop();
    selfMs.set(pkg, (selfMs.get(pkg) ?? 0) + ms - frame.nested);
    if (stack.length > 0) stack[stack.length - 1].nested += ms;
    if (!seen.has(file)) {
      seen.add(file);
      files.set(pkg, (files.get(pkg) ?? 0) + 1);
    }
  }
};

process.once('exit', function writeRequireCosts() {
  const rows = [...selfMs].sort((a, b) => b[1] - a[1]);
  const total = rows.reduce((sum, [, ms]) => sum + ms, 0);
  const lines = [`${process.argv[1]}: require() ${total.toFixed(0)} ms, ${seen.size} files`];
  for (const [pkg, ms] of rows)
    lines.push(`${ms.toFixed(1).padStart(8)} ms ${String(files.get(pkg) ?? 0).padStart(5)} files  ${pkg}`);
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
});
