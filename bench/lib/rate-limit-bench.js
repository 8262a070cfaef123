'use strict';
/**
 * The rate-limit run of `npm run bench`: the same mobile-bff twice against the same upstreams, once with its
 * Redis-backed per-user limit on (a redis-server the bench starts on a free port; a limit the load never
 * reaches, so every request pays the full decision: one EVALSHA) and once with `RATE_LIMIT_ENABLED=false`,
 * in paired rounds. Reports limited/unlimited ratios and checks that Redis really decided every request.
 */

const net = require('node:net');
const { freePorts } = require('./ports');
const { httpJson, waitForStatus } = require('./http');
const { median, pairedRatios } = require('./report');
const { targetEnv, HOST } = require('./stack');

const LIMITED = 'redis-limit';
const UNLIMITED = 'no-limit';

/** Sends one inline Redis command and resolves with its raw reply (enough for PING and INFO here). */
function redisCommand(port, command, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, HOST);
    let reply = '';
    const timer = setTimeout(() => socket.destroy(new Error(`redis ${command} timed out`)), timeoutMs);
    socket.on('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const bulk = /^\$(\d+)\r\n/.exec(reply);
      if (
        reply.startsWith('+') ||
        reply.startsWith('-') ||
        (bulk && reply.length >= bulk[0].length + Number(bulk[1]))
      ) {
        clearTimeout(timer);
        socket.end();
        resolve(reply);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Starts `redis-server` (from PATH) on a free port, without persistence; resolves once it answers PING. */
async function startRedis(group, cfg) {
  const [port] = await freePorts(1);
  const child = group.start(
    'redis-server',
    ['redis-server', '--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'],
    { env: {}, cwd: cfg.repoRoot },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (!child.running) throw new Error(`redis-server exited (is it on PATH?)\n${child.output()}`);
    try {
      if ((await redisCommand(port, 'PING', 500)).startsWith('+PONG')) return { port, child };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error('redis-server did not answer PING within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** EVALSHA calls Redis has counted so far. */
async function evalshaCalls(port) {
  const info = await redisCommand(port, 'INFO commandstats');
  const match = /cmdstat_evalsha:calls=(\d+)/.exec(info);
  return match ? Number(match[1]) : 0;
}

/** Every token gets 200 from both; only the limited target sends `RateLimit-Policy` (the limit is really on). */
async function checkLimited(targets, tokens) {
  for (const token of tokens) {
    for (const target of targets) {
      const res = await httpJson('GET', `${target.url}/v1/home`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status !== 200)
        throw new Error(`${target.name} answered ${res.status}: ${JSON.stringify(res.body)}`);
      const policy = res.headers['ratelimit-policy'];
      if ((target.name === LIMITED) !== (policy !== undefined)) {
        throw new Error(`${target.name} answered with RateLimit-Policy ${JSON.stringify(policy)}`);
      }
    }
  }
}

/**
 * Runs the comparison with `measure(target, durationS, label)` (the main bench's load run) and returns its
 * report: runs, medians, paired ratios, EVALSHA per request and the limiter's store state after the load.
 */
async function runRateLimitBench(group, cfg, upstreams, tokens, measure, log) {
  const redis = await startRedis(group, cfg);
  const [limitedPort, unlimitedPort] = await freePorts(2);
  const specs = [
    {
      name: UNLIMITED,
      port: unlimitedPort,
      env: { RATE_LIMIT_ENABLED: 'false' },
    },
    {
      name: LIMITED,
      port: limitedPort,
      // a busy bench machine must not turn Redis decisions into local ones: the run measures the Redis path
      env: { REDIS_URL: `redis://${HOST}:${redis.port}`, RATE_LIMIT_STORE_TIMEOUT_MS: '1000' },
    },
  ];
  const targets = specs.map(({ name, port, env }) => ({
    name,
    url: `http://${HOST}:${port}`,
    child: group.start(`mobile-bff ${name}`, cfg.bffCommand, {
      env: { ...targetEnv(port, upstreams.idpUrl, upstreams.urls), ...cfg.bffEnv, ...env },
      cwd: cfg.repoRoot,
    }),
  }));
  await Promise.all(targets.map((t) => waitForStatus(`${t.url}/health/live`, { child: t.child })));
  await checkLimited(targets, tokens);
  log(`rate-limit run: mobile-bff with its per-user limit in Redis (port ${redis.port}) vs without limits`);

  if (cfg.warmupS > 0) for (const target of targets) await measure(target, cfg.warmupS, 'warm-up');
  const runs = { [UNLIMITED]: [], [LIMITED]: [] };
  const before = await evalshaCalls(redis.port);
  let limitedRequests = 0;
  for (let round = 1; round <= cfg.rounds; round++) {
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const target of order) {
      const run = { round, ...(await measure(target, cfg.durationS, `rate-limit round ${round}`)) };
      runs[target.name].push(run);
      if (target.name === LIMITED) limitedRequests += run.requests;
      log(
        `rate-limit round ${round}: ${target.name} ${run.rps.toFixed(1)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`,
      );
    }
  }
  const evalsha = (await evalshaCalls(redis.port)) - before;
  const ready = await httpJson('GET', `${targets[1].url}/health/ready?detail=true`);
  const store = ready.body && ready.body.detail && ready.body.detail.status['rate-limit'];
  const ratios = pairedRatios(runs[UNLIMITED], runs[LIMITED]);
  const medianOf = (name, key) => median(runs[name].map((run) => run[key]));
  return {
    runs,
    selected: {
      [UNLIMITED]: { rps: medianOf(UNLIMITED, 'rps'), p99Ms: medianOf(UNLIMITED, 'p99Ms') },
      [LIMITED]: { rps: medianOf(LIMITED, 'rps'), p99Ms: medianOf(LIMITED, 'p99Ms') },
    },
    ratios,
    evalshaPerRequest: limitedRequests > 0 ? Math.round((evalsha / limitedRequests) * 1000) / 1000 : 0,
    store,
  };
}

/** The printed lines of the rate-limit run. */
function formatRateLimitReport(report) {
  const { selected, ratios } = report;
  return [
    `rate-limit run (median of ${report.runs[LIMITED].length} rounds; ratios: median of per-round ratios):`,
    `  ${UNLIMITED}   ${selected[UNLIMITED].rps.toFixed(1)} req/s, p99 ${selected[UNLIMITED].p99Ms} ms`,
    `  ${LIMITED}  ${selected[LIMITED].rps.toFixed(1)} req/s, p99 ${selected[LIMITED].p99Ms} ms`,
    `  Redis EVALSHA per limited request: ${report.evalshaPerRequest}; limiter store after the load: ${
      report.store ? report.store.state : 'unknown'
    }`,
    `  ${LIMITED}/${UNLIMITED}: rps ${ratios.rps.toFixed(2)}, p99 ${ratios.p99.toFixed(2)} (target rps >= 0.90)`,
    ...(report.evalshaPerRequest < 0.99
      ? ['warning: Redis did not decide every limited request (timeouts): the machine was too busy']
      : []),
  ].join('\n');
}

/** The grep-able summary line. Example: `bench: mobile-bff redis-limit/no-limit rps=0.95 p99=1.04` */
function rateLimitSummaryLine(report) {
  return `bench: mobile-bff ${LIMITED}/${UNLIMITED} rps=${report.ratios.rps.toFixed(2)} p99=${report.ratios.p99.toFixed(2)}`;
}

module.exports = { runRateLimitBench, formatRateLimitReport, rateLimitSummaryLine, startRedis, evalshaCalls };
