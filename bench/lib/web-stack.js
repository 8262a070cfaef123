'use strict';
/** The web benchmark's targets: web-bff tokens, the web-bff and the GraphQL baseline on free ports. */

const { freePorts } = require('./ports');
const { httpJson, waitForStatus } = require('./http');
const { targetEnv } = require('./stack');
const { baselineCommand, readCommand, readEnvPairs, readSameWork, sameWorkEnv } = require('./config');

const HOST = '127.0.0.1';
const AUDIENCE = 'web-bff';

/**
 * The web-only knobs, on top of the shared ones of `readBenchConfig`.
 * Example: `const web = readWebConfig(process.env); web.bffCommand // ['node', 'dist/apps/web-bff/main.js']`
 */
function readWebConfig(env = process.env) {
  return {
    /** Command of the "web-bff" target. Default is node dist/apps/web-bff/main.js. */
    bffCommand: readCommand(env, 'BENCH_WEB_BFF_CMD') || ['node', 'dist/apps/web-bff/main.js'],
    /**
     * Environment of the "web-bff" target on top of the shared one: coalescing and the catalog cache off unless
     * `BENCH_SAME_WORK=0`, then `BENCH_WEB_BFF_ENV`.
     */
    bffEnv: sameWorkEnv(readSameWork(env), readEnvPairs(env, 'BENCH_WEB_BFF_ENV')),
    /** Command of the baseline. Default is node bench/web-baseline.js (see `BENCH_BASELINE_CONTEXT`). */
    baselineCommand:
      readCommand(env, 'BENCH_WEB_BASELINE_CMD') || baselineCommand(env, 'bench/web-baseline.js'),
  };
}

/**
 * Mints one web-bff user token per subject from the dev IdP.
 * Example: `const tokens = await mintWebTokens(idpUrl, ['u2', 'u3'])`.
 */
async function mintWebTokens(idpUrl, subjects) {
  const tokens = [];
  for (const sub of subjects) {
    const res = await httpJson('POST', `${idpUrl}/token`, { json: { sub, aud: AUDIENCE, expiresIn: 3600 } });
    if (res.status !== 200 || !res.body || !res.body.access_token) {
      throw new Error(`POST ${idpUrl}/token for ${sub} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    tokens.push(res.body.access_token);
  }
  return tokens;
}

/** The environment of a web target: the shared BFF environment with the web-bff's audience. */
function webTargetEnv(port, idpUrl, urls) {
  return { ...targetEnv(port, idpUrl, urls), AUTH_AUDIENCE: AUDIENCE };
}

/**
 * Starts the baseline and the web-bff with the same environment (plus `BENCH_WEB_BFF_ENV` for the web-bff);
 * resolves once both are live. Example: `const [baseline, bff] = await startWebTargets(group, cfg, web, upstreams)`.
 */
async function startWebTargets(group, cfg, web, { idpUrl, urls }) {
  const [baselinePort, bffPort] = await freePorts(2);
  const specs = [
    { name: 'baseline', command: web.baselineCommand, port: baselinePort, extraEnv: {} },
    { name: 'web-bff', command: web.bffCommand, port: bffPort, extraEnv: web.bffEnv },
  ];
  const targets = specs.map(({ name, command, port, extraEnv }) => ({
    name,
    url: `http://${HOST}:${port}`,
    child: group.start(name, command, {
      env: { ...webTargetEnv(port, idpUrl, urls), ...extraEnv },
      cwd: cfg.repoRoot,
    }),
  }));
  await Promise.all(targets.map((t) => waitForStatus(`${t.url}/health/live`, { child: t.child })));
  return targets;
}

module.exports = { readWebConfig, mintWebTokens, webTargetEnv, startWebTargets };
