#!/usr/bin/env node
'use strict';
/**
 * `npm run start:ha`: the stack as it runs in production, on one machine: a redis-server of its own, the demo
 * upstreams and identity provider, `HA_REPLICAS` (default 3) replicas of every BFF sharing that Redis, and
 * nginx in front of each BFF terminating TLS with a certificate of a CA generated for this run. A readiness
 * gate probes every replica's /health/ready and takes the ones that fail out of nginx's rotation (see
 * scripts/ha/). Prints the URLs, the CA to trust and demo tokens; Ctrl-C or SIGTERM stops every child.
 *
 * nginx listens on 127.0.0.1:8441 (web-bff), 8442 (mobile-bff), 8443 (partner-bff), 8444... for other BFFs,
 * each overridable by HA_<APP>_PORT (HA_MOBILE_BFF_PORT, ...). HA_UPSTREAM_TLS=true serves the demo upstreams
 * over https too (the BFFs trust them through UPSTREAM_CA_FILE). Every other port is a free one.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { BFFS, bffPorts, portVar } = require('./apps');
const { startHaStack } = require('./ha/stack');

/** nginx's port of each BFF: its `npm start` port + 5440 (3002 → 8442). */
const LB_PORT_OFFSET = 5440;
const replicas = Number(process.env.HA_REPLICAS || 3);
if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) {
  console.error(`start:ha: HA_REPLICAS must be an integer from 1 to 16, got "${process.env.HA_REPLICAS}"`);
  process.exit(2);
}
const ports = Object.fromEntries(
  Object.entries(bffPorts()).map(([app, port]) => [
    app,
    Number(process.env[`HA_${portVar(app)}`] || port + LB_PORT_OFFSET),
  ]),
);

let stack;
let started;
let stopping = false;
const starting = new AbortController();
async function stop(code) {
  if (stopping) return;
  stopping = true;
  starting.abort(); // a start under way stops what it started, then rejects
  await started?.catch(() => undefined);
  await stack?.stop();
  process.exit(code);
}

async function token(idpUrl, body, form) {
  const res = await fetch(`${idpUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the identity provider refused a demo token (${res.status})`);
  return (await res.json()).access_token;
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
  console.log(
    `start:ha: starting Redis, the demo upstreams, ${replicas} replica(s) of ${BFFS.join(', ')} and nginx`,
  );
  stack = await startHaStack({
    replicas,
    ports,
    upstreamTls: /^(1|true)$/i.test(process.env.HA_UPSTREAM_TLS || ''),
    env: { LOG_LEVEL: process.env.LOG_LEVEL || 'warn' },
    onEvent: (line) => console.log(`[gate] ${line}`),
    signal: starting.signal,
  });
  for (const replica of Object.values(stack.replicas).flat())
    replica.child.exited.then(({ code, signal }) => {
      if (!stopping)
        console.error(
          `[${replica.child.name}] exited (${signal ?? code}); the others keep serving\n${replica.child.output()}`,
        );
    });
  const has = (app) => BFFS.includes(app);
  const [mobile, web, partner] = await Promise.all([
    has('mobile-bff') && token(stack.idpUrl, { sub: 'u1', aud: 'mobile-bff', expiresIn: 86400 }),
    has('web-bff') && token(stack.idpUrl, { sub: 'u1', aud: 'web-bff', expiresIn: 86400 }),
    has('partner-bff') &&
      token(
        stack.idpUrl,
        { grant_type: 'client_credentials', client_id: 'partner-acme', client_secret: 'acme-demo-secret' },
        true,
      ),
  ]);
  const lines = [
    '',
    `The HA stack is up: ${replicas} replica(s) of each BFF behind nginx (TLS), one Redis (${stack.redisUrl}).`,
    '',
    ...BFFS.map(
      (app) =>
        `  ${app.padEnd(12)} ${stack.urls[app]}   replicas ${stack.replicas[app].map((r) => r.url).join(' ')}`,
    ),
    `  identity     ${stack.idpUrl}`,
    `  upstreams    ${Object.entries(stack.upstreamUrls)
      .map(([name, url]) => `${name} ${url}`)
      .join('  ')}`,
    `  nginx        config ${path.join(stack.dir, 'nginx.conf')}, access log ${stack.accessLog}`,
    '',
    `Trust the run's CA: export HA_CA=${stack.ca}`,
    mobile && `  export MOBILE_TOKEN=${mobile}`,
    web && `  export WEB_TOKEN=${web}`,
    partner && `  export PARTNER_TOKEN=${partner}`,
    '',
    'Try:',
    mobile &&
      `  curl -s --cacert "$HA_CA" ${stack.urls['mobile-bff']}/v1/home -H "authorization: Bearer $MOBILE_TOKEN"`,
    partner &&
      `  curl -s --cacert "$HA_CA" ${stack.urls['partner-bff']}/v1/products/p42 -H "authorization: Bearer $PARTNER_TOKEN"`,
    `  kill -9 <pid of a replica> (ps -ef | grep dist/apps): its GETs are retried on another, the gate takes it out`,
    '',
  ];
  console.log(lines.filter((line) => line !== false).join('\n'));
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
started = main();
started.catch((err) => {
  if (!stopping) console.error(`start:ha: ${err.message}`);
  stop(1);
});
