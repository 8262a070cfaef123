'use strict';
// scratch: CPU time per viewer request of the baseline and web-bff variants (VARIANTS='[{"name":"x","env":{...}}]')
const fs = require('node:fs');
const { readBenchConfig, benchSubjects } = require('./lib/config');
const { runMain } = require('./lib/main');
const { startUpstreams } = require('./lib/stack');
const { readWebConfig, mintWebTokens, webTargetEnv } = require('./lib/web-stack');
const { loadGraphQL } = require('./lib/web-load');
const { freePorts } = require('./lib/ports');
const { waitForStatus } = require('./lib/http');
const cpuMs = (pid) => { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
async function main(group) {
  const cfg = readBenchConfig(); const web = readWebConfig();
  const upstreams = await startUpstreams(group, cfg);
  const tokens = await mintWebTokens(upstreams.idpUrl, benchSubjects(cfg));
  const variants = [{ name: 'baseline', cmd: web.baselineCommand, env: {} }, ...JSON.parse(process.env.VARIANTS || '[{"name":"web-bff","env":{}}]').map((v) => ({ cmd: v.cmd ? v.cmd.split(' ') : web.bffCommand, ...v }))];
  const ports = await freePorts(variants.length);
  const targets = variants.map((v, i) => ({ ...v, url: `http://127.0.0.1:${ports[i]}`, child: group.start(v.name, v.cmd, { env: { ...webTargetEnv(ports[i], upstreams.idpUrl, upstreams.urls), ...(v.name === 'baseline' ? {} : web.bffEnv), ...v.env }, cwd: cfg.repoRoot }) }));
  await Promise.all(targets.map((t) => waitForStatus(`${t.url}/health/live`, { child: t.child })));
  const amount = Number(process.env.AMOUNT || 6000), rounds = Number(process.env.ROUNDS || 3);
  for (const t of targets) await loadGraphQL({ url: t.url, tokens, connections: 32, amount: 3000 });
  const per = new Map(targets.map((t) => [t.name, []]));
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...targets].reverse() : targets;
    for (const t of order) {
      const pid = t.child.proc.pid; const before = cpuMs(pid);
      const res = await loadGraphQL({ url: t.url, tokens, connections: 32, amount });
      if (res.non2xx || res.errors) throw new Error(`${t.name}: non2xx ${res.non2xx} errors ${res.errors}`);
      per.get(t.name).push(((cpuMs(pid) - before) * 1000) / amount);
    }
  }
  const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const base = med(per.get('baseline'));
  for (const [name, a] of per) console.log(`${name.padEnd(16)} µs CPU/request median ${med(a).toFixed(0)}  runs ${a.map((x) => x.toFixed(0)).join(' ')}  baseline/this ${(base / med(a)).toFixed(3)}`);
}
runMain(main);
