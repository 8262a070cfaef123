'use strict';
/**
 * `npm run bench:lb`: what the load balancer costs. One HA stack (scripts/ha: Redis, the demo upstreams,
 * BENCH_LB_REPLICAS mobile-bff replicas, default 3, behind nginx over TLS) and the same load of `GET /v1/home`
 * (bench/README.md's BENCH_DURATION_S, BENCH_WARMUP_S, BENCH_CONNECTIONS, BENCH_USERS) three ways:
 *   1. through nginx to every replica;
 *   2. direct to the last replica (plain HTTP, no hop);
 *   3. through nginx to that replica alone (the others SIGTERM'd: the readiness gate takes them out).
 * Reports requests/s and p50/p99 of each, and the LB hop's added latency (3 minus 2: TLS termination, one proxy
 * hop, keep-alive on both sides). On one small machine every process shares the same cores, so 3 replicas
 * cannot outrun 1; that figure shows the cost of the extra processes, not scale-out. Writes .bench/lb.json and
 * exits non-zero when any response was not 2xx.
 */
const fs = require('node:fs');
const path = require('node:path');
const { readBenchConfig, REPO_ROOT } = require('./lib/config');
const { loadHome, invalidReason, summarize } = require('./lib/load');
const { mintTokens } = require('./lib/stack');
const { startHaStack } = require('../scripts/ha/stack');

const log = (line) => console.log(line);
const signed = (ms) => `${ms >= 0 ? '+' : ''}${ms} ms`;

async function run(name, url, tokens, cfg) {
  if (cfg.warmupS > 0) await loadHome({ url, tokens, connections: cfg.connections, durationS: cfg.warmupS });
  const result = await loadHome({ url, tokens, connections: cfg.connections, durationS: cfg.durationS });
  const invalid = invalidReason(result);
  if (invalid) throw new Error(`${name}: ${invalid}`);
  const summary = { name, ...summarize(result) };
  log(
    `  ${name.padEnd(28)} ${summary.rps.toFixed(0).padStart(7)} req/s  p50 ${summary.p50Ms} ms  p99 ${summary.p99Ms} ms`,
  );
  return summary;
}

async function main() {
  const cfg = readBenchConfig(process.env);
  const replicas = Number(process.env.BENCH_LB_REPLICAS || 3);
  if (!Number.isInteger(replicas) || replicas < 2)
    throw new Error('BENCH_LB_REPLICAS must be an integer >= 2');
  log(
    `bench:lb: ${replicas} mobile-bff replicas behind nginx; ${cfg.connections} connections, ${cfg.durationS} s per run`,
  );
  const stack = await startHaStack({
    apps: ['mobile-bff'],
    replicas,
    // limits and the readiness cache are not what is measured
    appEnv: {
      'mobile-bff': { RATE_LIMIT_PER_MIN: '1000000000', RATE_LIMIT_BURST: '1000000000', ...cfg.bffEnv },
    },
  });
  try {
    const tokens = await mintTokens(
      stack.idpUrl,
      Array.from({ length: cfg.users }, (_, i) => `u${i + 2}`),
    );
    const all = stack.replicas['mobile-bff'];
    const last = all.at(-1);
    const lbUrl = stack.urls['mobile-bff'];
    const results = [];
    results.push(await run(`nginx → ${replicas} replicas`, lbUrl, tokens, cfg));
    results.push(await run('direct → 1 replica', last.url, tokens, cfg));
    for (const replica of all.slice(0, -1)) replica.child.proc.kill('SIGTERM');
    await Promise.all(all.slice(0, -1).map((replica) => replica.child.exited));
    const deadline = Date.now() + 10_000;
    while (all.slice(0, -1).some((r) => r.up) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    results.push(await run('nginx → 1 replica', lbUrl, tokens, cfg));

    const [many, direct, one] = results;
    const hop = { p50Ms: one.p50Ms - direct.p50Ms, p99Ms: one.p99Ms - direct.p99Ms };
    log(
      `  LB hop (nginx → 1 minus direct): p50 ${signed(hop.p50Ms)}, p99 ${signed(hop.p99Ms)}; throughput ${((one.rps / direct.rps) * 100).toFixed(0)}% of direct`,
    );
    log(
      `bench:lb: nginx/direct rps=${(one.rps / direct.rps).toFixed(2)} p99 ${signed(hop.p99Ms)}; ${replicas}/1 replicas rps=${(many.rps / one.rps).toFixed(2)}`,
    );
    const out = path.join(REPO_ROOT, '.bench');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'lb.json'),
      JSON.stringify(
        { config: { replicas, connections: cfg.connections, durationS: cfg.durationS }, results, hop },
        null,
        2,
      ),
    );
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(`bench:lb: ${err.message}`);
  process.exit(1);
});
