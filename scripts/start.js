#!/usr/bin/env node
'use strict';
/**
 * `npm start`: the whole demo stack on 127.0.0.1 in the foreground (demo upstreams, dev identity provider and
 * every BFF of nest-cli.json, in-memory stores), then the URLs, ready-to-use tokens, demo credentials and a curl
 * per BFF. Ctrl-C or SIGTERM stops everything cleanly. Ports follow CONTRACT.md (a BFF it does not name gets
 * 3004, 3005, ... in nest-cli.json order) and can be overridden by IDP_PORT, USERS_PORT, ORDERS_PORT,
 * CATALOG_PORT, INVENTORY_PORT and <APP>_PORT (WEB_BFF_PORT, MOBILE_BFF_PORT, PARTNER_BFF_PORT, KIOSK_BFF_PORT...).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const { ROOT, BFFS, UPSTREAMS_APP, bffPorts, portVar, entryOf } = require('./apps');

const HOST = '127.0.0.1';
const port = (name, fallback) => Number(process.env[name] || fallback);
/** The demo upstreams; each BFF gets UPSTREAM_<NAME>_URL for every one of them. */
const UPSTREAMS = { users: 4001, orders: 4002, catalog: 4003, inventory: 4004 };
const PORTS = {
  idp: port('IDP_PORT', 4000),
  ...Object.fromEntries(
    Object.entries(UPSTREAMS).map(([name, p]) => [name, port(`${name.toUpperCase()}_PORT`, p)]),
  ),
  ...Object.fromEntries(Object.entries(bffPorts()).map(([bff, p]) => [bff, port(portVar(bff), p)])),
};
/** The BFFs whose tokens and curls the contract names; any other BFF gets a generic token and a curl. */
const KNOWN_BFFS = ['web-bff', 'mobile-bff', 'partner-bff'];
const url = (name) => `http://${HOST}:${PORTS[name]}`;
const PARTNER = { clientId: 'partner-acme', clientSecret: 'acme-demo-secret' };
const LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
/** The demo partners' API keys (the scopes and tenants of the IdP's demo clients; tiers for rate limits). */
const DEMO_KEYS = [
  { client: 'partner-acme', tenant: 'acme', tier: 'gold', scopes: 'orders:read orders:write products:read' },
  {
    client: 'partner-globex',
    tenant: 'globex',
    tier: 'free',
    scopes: 'orders:read orders:write products:read',
  },
];
/** This run's API key file (hashes only), created after the build and removed on exit. */
let KEYS_DIR;
let KEYS_FILE;

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
  const deadline = Date.now() + 60_000; // three BFFs starting at once on a busy laptop or CI runner
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

/** Creates one demo API key with the keys CLI (as an operator would); returns the key it prints once. */
async function createDemoKey({ client, tenant, tier, scopes }) {
  const { runKeysCli } = require(path.join(ROOT, 'dist', 'cli', 'keys.js'));
  const out = [];
  const err = [];
  const args = ['create', '--client', client, '--tenant', tenant, '--tier', tier, '--scopes', scopes];
  const env = { ...process.env, AUTH_API_KEY_STORE: 'file', AUTH_API_KEYS_FILE: KEYS_FILE };
  const code = await runKeysCli(args, env, { out: (line) => out.push(line), err: (line) => err.push(line) });
  if (code !== 0) throw new Error(`could not create the demo API key of ${client}: ${err.join(' ')}`);
  return out.join('').trim();
}

function stop(code) {
  if (stopping) return;
  stopping = true;
  if (KEYS_DIR) fs.rmSync(KEYS_DIR, { recursive: true, force: true });
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
  KEYS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'bff-demo-keys-'));
  KEYS_FILE = path.join(KEYS_DIR, 'api-keys.json');

  launch(UPSTREAMS_APP, {
    IDP_PORT: PORTS.idp,
    ...Object.fromEntries(Object.keys(UPSTREAMS).map((name) => [`${name.toUpperCase()}_PORT`, PORTS[name]])),
  });
  await waitFor(`${url('idp')}/.well-known/jwks.json`, 'the identity provider');
  await waitFor(`${url('users')}/users/u1`, 'the users upstream');

  const has = (app) => BFFS.includes(app);
  const bffEnv = {
    LOG_LEVEL,
    // Browser devtools show each answer's upstream fan-out in the demo stack.
    SERVER_TIMING: process.env.SERVER_TIMING || 'all',
    STATUS_PAGE: process.env.STATUS_PAGE || 'public',
    AUTH_ISSUER: url('idp'),
    ...Object.fromEntries(
      Object.keys(UPSTREAMS).map((name) => [`UPSTREAM_${name.toUpperCase()}_URL`, url(name)]),
    ),
  };
  const demoKeys = [];
  if (has('partner-bff')) for (const demo of DEMO_KEYS) demoKeys.push(await createDemoKey(demo));
  const [acmeKey] = demoKeys;
  const keysEnv = { AUTH_API_KEY_STORE: 'file', AUTH_API_KEYS_FILE: KEYS_FILE };
  for (const app of BFFS) launch(app, { ...bffEnv, ...keysEnv, AUTH_AUDIENCE: app, PORT: PORTS[app] });
  await Promise.all(BFFS.map((app) => waitFor(`${url(app)}/health/ready`, app)));

  const others = BFFS.filter((app) => !KNOWN_BFFS.includes(app));
  const userToken = (aud) => token({ sub: 'u1', aud, expiresIn: 86400 });
  const [mobileToken, webToken, partnerToken, ...otherTokens] = await Promise.all([
    has('mobile-bff') && userToken('mobile-bff'),
    has('web-bff') && userToken('web-bff'),
    has('partner-bff') &&
      token(
        {
          grant_type: 'client_credentials',
          client_id: PARTNER.clientId,
          client_secret: PARTNER.clientSecret,
        },
        true,
      ),
    ...others.map(userToken),
  ]);
  const query = JSON.stringify({
    query:
      '{ viewer { name orders(first: 3) { id status items { quantity product { name stock { available } } } } } }',
  });
  const tokenVar = (app) =>
    portVar(app)
      .replace(/_PORT$/, '_TOKEN')
      .replace(/_BFF_TOKEN$/, '_TOKEN');
  const lines = [
    '',
    `The demo stack is up (in-memory stores, logs at ${LOG_LEVEL}; Ctrl-C stops everything).`,
    '',
    has('web-bff') && `  web-bff      ${url('web-bff')}/graphql      GraphQL`,
    has('mobile-bff') && `  mobile-bff   ${url('mobile-bff')}           REST for the mobile apps`,
    has('partner-bff') &&
      `  partner-bff  ${url('partner-bff')}           REST for partners (/v1, /v2); API reference ${url('partner-bff')}/docs`,
    ...others.map((app) => `  ${app.padEnd(12)} ${url(app)}`),
    `  identity     ${url('idp')}           issuer, JWKS, POST /token`,
    `  upstreams    ${Object.keys(UPSTREAMS)
      .map((name) => `${name} ${url(name)}`)
      .join('  ')}`,
    '',
    `Demo credentials: user u1 (any of u1..u1000 through POST ${url('idp')}/token {"sub":"u1","aud":"<bff>"});`,
    `partner client ${PARTNER.clientId} / ${PARTNER.clientSecret} (client-credentials grant);`,
    has('partner-bff') &&
      `partner API keys of partner-acme (gold) and partner-globex (free) (hashes only): AUTH_API_KEYS_FILE=${KEYS_FILE} npm run keys -- list`,
    '',
    'Tokens (valid 24 h for users, 1 h for the partner):',
    mobileToken && `  export MOBILE_TOKEN=${mobileToken}`,
    webToken && `  export WEB_TOKEN=${webToken}`,
    partnerToken && `  export PARTNER_TOKEN=${partnerToken}`,
    acmeKey && `  export PARTNER_API_KEY=${acmeKey}`,
    ...others.map((app, i) => `  export ${tokenVar(app)}=${otherTokens[i]}`),
    '',
    'Try:',
    has('mobile-bff') && `  curl -s ${url('mobile-bff')}/v1/home -H "authorization: Bearer $MOBILE_TOKEN"`,
    has('web-bff') &&
      `  curl -s ${url('web-bff')}/graphql -H "authorization: Bearer $WEB_TOKEN" -H 'content-type: application/json' -d '${query}'`,
    has('partner-bff') &&
      `  curl -s "${url('partner-bff')}/v1/orders?limit=5" -H "authorization: Bearer $PARTNER_TOKEN"`,
    has('partner-bff') &&
      `  curl -s ${url('partner-bff')}/v1/products/p42 -H "authorization: Bearer $PARTNER_TOKEN"`,
    has('partner-bff') &&
      `  curl -s "${url('partner-bff')}/v2/orders?limit=5" -H "x-api-key: $PARTNER_API_KEY"`,
    has('partner-bff') && `  curl -s ${url('partner-bff')}/v2/usage -H "x-api-key: $PARTNER_API_KEY"`,
    has('partner-bff') &&
      `  curl -si ${url('partner-bff')}/v2/orders -H "x-api-key: $PARTNER_API_KEY" -H 'content-type: application/json' -H "idempotency-key: \\"$(node -e 'console.log(crypto.randomUUID())')\\"" -d '{"items":[{"productId":"p42","quantity":2}]}'`,
    has('partner-bff') &&
      `  curl -si ${url('partner-bff')}/v2/exports -H "x-api-key: $PARTNER_API_KEY" -H 'content-type: application/json' -d '{"from":"2023-01-01","to":"2024-01-01"}'   # then GET the Location`,
    ...others.map((app) => `  curl -s ${url(app)}/health/ready`),
    '',
  ];
  console.log(lines.filter((line) => line !== false).join('\n'));
}

process.once('SIGINT', () => stop(0));
process.once('SIGTERM', () => stop(0));
main().catch((err) => {
  console.error(`start: ${err.message}`);
  stop(1);
});
