#!/usr/bin/env node
'use strict';
/**
 * `npm run config:check -- <file> [<file> ...]`: validates policy files before they ship and prints what each
 * makes of its app: the effective upstream table (the file over the app's code, every default resolved) and
 * the route table with each route's auth decision and rate-limit policy. The app is the file's `app:`; it is
 * built when stale and started exactly as it would run with `POLICY_FILE=<file>` (placeholder upstreams and
 * identity provider, never contacted), so the check is the app's own start-up validation, not a copy of it.
 * Exits 1 when a file is refused, printing each problem with its path in the file
 * (`upstreams.catalog.retry.budgetRatio: must be <= 1`).
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parse } = require('yaml');
const { BFFS } = require('./apps');
const { probeApp, PLACEHOLDER, UPSTREAMS } = require('./app-probe');

/** The file's app, and the upstreams whose URL the file gives itself (those get no placeholder URL). */
function readHeader(file) {
  let document;
  try {
    document = parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return { problem: err.code === 'ENOENT' ? 'no such file' : err.message.split('\n')[0] };
  }
  const app = document?.app;
  if (!BFFS.includes(app))
    return { problem: `app: must be one of ${BFFS.join(', ')}, got ${JSON.stringify(app)}` };
  const withUrls = Object.entries(document.upstreams ?? {})
    .filter(([, u]) => u && (u.baseUrl || (Array.isArray(u.instances) && u.instances.length > 0)))
    .map(([name]) => name.toUpperCase().replace(/-/g, '_'))
    .filter((name) => UPSTREAMS.includes(name));
  return { app, withUrls };
}

/** An upstream line with the placeholder URL shown as the variable that gives it in a deployment. */
function fromEnvironment(line) {
  const [name] = line.slice('upstream '.length).split(' ', 1);
  const variable = `$UPSTREAM_${name.toUpperCase().replace(/-/g, '_')}_URL`;
  return line.slice('upstream '.length).split(PLACEHOLDER).join(variable);
}

async function check(file) {
  const absolute = path.resolve(file);
  const { app, withUrls, problem } = readHeader(absolute);
  if (problem) return { ok: false, text: `${file}: refused\n  ${problem}` };
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale', app], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) return { ok: false, text: `${file}: ${app} did not build` };
  try {
    const lines = await probeApp(app, {
      contexts: ['PolicyTable', 'RouteAudit'],
      env: { POLICY_FILE: absolute },
      keepUpstreamUrls: withUrls,
    });
    const indent = (list) => list.map((line) => `  ${line}`).join('\n');
    const upstreams = lines.PolicyTable.filter((line) => line.startsWith('upstream '));
    const overridden = lines.PolicyTable.filter((line) => line.startsWith('route '));
    return {
      ok: true,
      text: [
        `${file}: ok (${app})`,
        'upstreams',
        indent(upstreams.map(fromEnvironment)),
        `routes${overridden.length ? ` (${overridden.length} set by the file)` : ''}`,
        indent(lines.RouteAudit.filter((line) => / -> /.test(line))),
      ].join('\n'),
    };
  } catch (err) {
    const problems = (err.stderr ?? err.message)
      .split('\n')
      .map((line) => line.replace(/^\s*-\s*/, '').trim())
      .filter((line) => line.includes(absolute))
      .map((line) => line.slice(line.indexOf(absolute) + absolute.length + 2));
    const detail = problems.length > 0 ? problems : [(err.stderr || err.message).trim()];
    return { ok: false, text: `${file}: refused\n${detail.map((line) => `  ${line}`).join('\n')}` };
  }
}

async function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npm run config:check -- <policy file> [<policy file> ...]');
    process.exit(2);
  }
  let failed = 0;
  for (const file of files) {
    const result = await check(file);
    (result.ok ? console.log : console.error)(`${result.text}\n`);
    if (!result.ok) failed++;
  }
  if (failed > 0) {
    console.error(`config:check: ${failed} of ${files.length} file(s) refused`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`config:check: ${err.message}`);
  process.exit(1);
});
