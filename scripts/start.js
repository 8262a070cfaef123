#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the whole demo stack on 127.0.0.1 in the foreground (demo upstreams, dev identity provider and
 * the three BFFs, in-memory stores), then the URLs, ready-to-use tokens, demo credentials and a curl per BFF.
 * Ctrl-C stops everything cleanly. Ports follow CONTRACT.md and can be overridden by IDP_PORT, USERS_PORT,
 * ORDERS_PORT, CATALOG_PORT, INVENTORY_PORT, WEB_BFF_PORT, MOBILE_BFF_PORT, PARTNER_BFF_PORT.
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { ROOT, entryOf } = require('./apps');

const HOST = '127.0.0.1';
const port = (name, fallback) => Number(process.env[name] || fallback);
const PORTS = {
  idp: port('IDP_PORT', 4000),
  users: port('USERS_PORT', 4001),
  orders: port('ORDERS_PORT', 4002),
  catalog: port('CATALOG_PORT', 4003),
  inventory: port('INVENTORY_PORT', 4004),
  'web-bff': port('WEB_BFF_PORT', 3001),
  'mobile-bff': port('MOBILE_BFF_PORT', 3002),
  'partner-bff': port('PARTNER_BFF_PORT', 3003),
};
const url = (name) => `http://${HOST}:${PORTS[name]}`;
const PARTNER = { clientId: 'partner-acme', clientSecret: 'acme-demo-secret' };
const LOG_LEVEL = process.env.LOG_LEVEL || 'warn';

const children = [];
let stopping = false;

function launch(name, env) {
  const child = spawn(process.execPath, [entryOf(name)], {
    cwd: ROOT,
    env: { ...process.env, HOST, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${name}] ${line}`));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`start: ${name} exited (${signal ?? code}); stopping the stack`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(target, what) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(target, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (stopping) throw new Error('stopped');
    if (Date.now() > deadline) throw new Error(`${what} did not become ready at ${target}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function token(body, form) {
  const res = await fetch(`${url('idp')}/token`, {
    method: 'POST',
    headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`the identity provider refused a demo token (${res.status})`);
  return (await res.json()).access_token;
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const force = setTimeout(() => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')), 12_000);
  force.unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
    () => process.exit(code),
  );
}

async function main() {
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js'), '--if-stale'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);

  launch('demo-upstreams', {
    IDP_PORT: PORTS.idp,
    USERS_PORT: PORTS.users,
    ORDERS_PORT: PORTS.orders,
    CATALOG_PORT: PORTS.catalog,
    INVENTORY_PORT: PORTS.inventory,
  });
  await waitFor(`${url('idp')}/.well-known/jwks.json`, 'the identity provider');
  await waitFor(`${url('users')}/users/u1`, 'the users upstream');

  const bffEnv = {
    LOG_LEVEL,
    AUTH_ISSUER: url('idp'),
    UPSTREAM_USERS_URL: url('users'),
    UPSTREAM_ORDERS_URL: url('orders'),
    UPSTREAM_CATALOG_URL: url('catalog'),
    UPSTREAM_INVENTORY_URL: url('inventory'),
  };
  for (const app of ['web-bff', 'mobile-bff', 'partner-bff']) launch(app, { ...bffEnv, PORT: PORTS[app] });
  await Promise.all(
    ['web-bff', 'mobile-bff', 'partner-bff'].map((app) => waitFor(`${url(app)}/health/ready`, app)),
  );

  const [mobileToken, webToken, partnerToken] = await Promise.all([
    token({ sub: 'u1', aud: 'mobile-bff', expiresIn: 86400 }),
    token({ sub: 'u1', aud: 'web-bff', expiresIn: 86400 }),
    token(
      { grant_type: 'client_credentials', client_id: PARTNER.clientId, client_secret: PARTNER.clientSecret },
      true,
    ),
  ]);
  const query = JSON.stringify({
    query:
      '{ viewer { name orders(first: 3) { id status items { quantity product { name stock { available } } } } } }',
  });
  console.log(`
The demo stack is up (in-memory stores, logs at ${LOG_LEVEL}; Ctrl-C stops everything).

  web-bff      ${url('web-bff')}/graphql      GraphQL
  mobile-bff   ${url('mobile-bff')}           REST for the mobile apps
  partner-bff  ${url('partner-bff')}           REST for partners
  identity     ${url('idp')}           issuer, JWKS, POST /token
  upstreams    users ${url('users')}  orders ${url('orders')}  catalog ${url('catalog')}  inventory ${url('inventory')}

Demo credentials: user u1 (any of u1..u1000 through POST ${url('idp')}/token {"sub":"u1","aud":"<bff>"});
partner client ${PARTNER.clientId} / ${PARTNER.clientSecret} (client-credentials grant).

Tokens (valid 24 h for users, 1 h for the partner):
  export MOBILE_TOKEN=${mobileToken}
  export WEB_TOKEN=${webToken}
  export PARTNER_TOKEN=${partnerToken}

Try:
  curl -s ${url('mobile-bff')}/v1/home -H "authorization: Bearer $MOBILE_TOKEN"
  curl -s ${url('web-bff')}/graphql -H "authorization: Bearer $WEB_TOKEN" -H 'content-type: application/json' -d '${query}'
  curl -s "${url('partner-bff')}/v1/orders?limit=5" -H "authorization: Bearer $PARTNER_TOKEN"
  curl -s ${url('partner-bff')}/v1/products/p42 -H "authorization: Bearer $PARTNER_TOKEN"
`);
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
main().catch((err) => {
  console.error(`start: ${err.message}`);
  stop(1);
});
