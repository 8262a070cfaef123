'use strict';
/**
 * The hand-written baseline for `GET /v1/home`: the essential work of the mobile-bff's home screen and nothing
 * else. Fastify 5 + undici 7 + jose, no framework layers: verify the Bearer JWT against the issuer's JWKS
 * (cached key) unless the same token verified recently (the same verified-token cache the BFF has by default,
 * written here by hand), fetch user + recent orders in parallel, then catalog + stock for their products in
 * parallel, shape the screen payload. Configured by the same environment as the mobile-bff (see CONTRACT.md),
 * including `AUTH_TOKEN_CACHE_MAX_AGE_MS` (default 60000; 0 verifies every request).
 *
 * Run: PORT=3102 AUTH_ISSUER=http://127.0.0.1:4000 AUTH_AUDIENCE=mobile-bff UPSTREAM_USERS_URL=... node bench/baseline.js
 */

const Fastify = require('fastify');
const { Pool } = require('undici');
const { createRemoteJWKSet, jwtVerify } = require('jose');
const { required, serveUntilSignal, runBaseline } = require('./lib/baseline-process');

const RECENT_ORDERS = 5;
const CONNECTIONS_PER_UPSTREAM = 64;
/** The BFF's defaults: `clockToleranceSec` 5, verified-token cache of 10000 entries and 32 MiB of token text. */
const CLOCK_TOLERANCE_SEC = 5;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;
const TOKEN_CACHE_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Subjects of tokens that already verified, keyed by the exact token text: an entry answers until the token's
 * `exp` plus the clock tolerance (epoch time) or `maxAgeMs` after verification (monotonic time), whichever comes
 * first. Bounded by entries and by bytes of token text; the least recently used entry makes room (a Map keeps
 * insertion order, so a hit moves its entry to the end). `maxAgeMs` 0 disables it.
 */
function tokenCache(maxAgeMs) {
  const entries = new Map();
  let bytes = 0;
  const drop = (token) => {
    entries.delete(token);
    bytes -= token.length;
  };
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      if (performance.now() < entry.freshUntil && Date.now() < entry.validUntilEpochMs) {
        entries.delete(token);
        entries.set(token, entry);
        return entry.sub;
      }
      drop(token);
      return undefined;
    },
    set(token, sub, expSec) {
      if (maxAgeMs === 0 || typeof expSec !== 'number') return;
      const validUntilEpochMs = (expSec + CLOCK_TOLERANCE_SEC) * 1000;
      if (!(validUntilEpochMs > Date.now()) || token.length > TOKEN_CACHE_MAX_BYTES) return;
      if (entries.has(token)) drop(token);
      while (entries.size >= TOKEN_CACHE_MAX_ENTRIES || bytes + token.length > TOKEN_CACHE_MAX_BYTES) {
        drop(entries.keys().next().value);
      }
      entries.set(token, { sub, validUntilEpochMs, freshUntil: performance.now() + maxAgeMs });
      bytes += token.length;
    },
  };
}

/** One keep-alive undici Pool per upstream; `get(path)` resolves with the parsed JSON of a 200 answer. */
function upstream(name, baseUrl) {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, { connections: CONNECTIONS_PER_UPSTREAM });
  return {
    pool,
    async get(path) {
      const { statusCode, body } = await pool.request({ method: 'GET', path: prefix + path });
      if (statusCode !== 200) {
        await body.dump();
        throw Object.assign(new Error(`${name} answered ${statusCode}`), { statusCode: 502 });
      }
      return body.json();
    },
  };
}

/** The screen payload: the user's card and their recent orders, each summarised for one list row. */
function shapeHome(user, orders, products, stock) {
  const productById = new Map(products.map((p) => [p.id, p]));
  const availableById = new Map(stock.map((s) => [s.productId, s.available]));
  return {
    user: { id: user.id, name: user.name, avatarUrl: user.avatarUrl },
    recentOrders: orders.map((order) => ({
      id: order.id,
      status: order.status,
      total: order.total,
      currency: order.currency,
      itemCount: order.items.reduce((sum, item) => sum + item.quantity, 0),
      thumbnailUrl: (order.items.length && productById.get(order.items[0].productId)?.thumbnailUrl) || null,
      inStock: order.items.every((item) => (availableById.get(item.productId) ?? 0) >= item.quantity),
    })),
  };
}

async function main() {
  const issuer = required('AUTH_ISSUER');
  const audience = required('AUTH_AUDIENCE');
  const rawMaxAge = process.env.AUTH_TOKEN_CACHE_MAX_AGE_MS || '60000';
  const maxAgeMs = Number(rawMaxAge);
  if (!Number.isInteger(maxAgeMs) || maxAgeMs < 0 || maxAgeMs > 3_600_000) {
    throw new Error(
      `AUTH_TOKEN_CACHE_MAX_AGE_MS must be an integer of milliseconds (0..3600000), got "${rawMaxAge}"`,
    );
  }
  const verified = tokenCache(maxAgeMs);
  const jwks = createRemoteJWKSet(
    new URL(process.env.AUTH_JWKS_URL || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`),
  );
  const users = upstream('users', required('UPSTREAM_USERS_URL'));
  const orders = upstream('orders', required('UPSTREAM_ORDERS_URL'));
  const catalog = upstream('catalog', required('UPSTREAM_CATALOG_URL'));
  const inventory = upstream('inventory', required('UPSTREAM_INVENTORY_URL'));

  const app = Fastify({ logger: false });

  app.get('/health/live', async () => ({ status: 'ok' }));

  app.get('/v1/home', async (request, reply) => {
    const match = /^Bearer (.+)$/.exec(request.headers.authorization || '');
    let sub;
    try {
      if (!match) throw new Error('missing bearer token');
      const token = match[1];
      sub = verified.get(token);
      if (sub === undefined) {
        const { payload } = await jwtVerify(token, jwks, {
          issuer,
          audience,
          clockTolerance: CLOCK_TOLERANCE_SEC,
        });
        sub = payload.sub;
        if (!sub) throw new Error('token without sub');
        verified.set(token, sub, payload.exp);
      }
    } catch {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ status: 401, title: 'Unauthorized' });
    }
    const id = encodeURIComponent(sub);
    const [user, recent] = await Promise.all([
      users.get(`/users/${id}`),
      orders.get(`/orders?userId=${id}&limit=${RECENT_ORDERS}`),
    ]);
    const productIds = [
      ...new Set(recent.items.flatMap((order) => order.items.map((item) => item.productId))),
    ];
    const csv = productIds.map(encodeURIComponent).join(',');
    const [products, stock] = productIds.length
      ? await Promise.all([catalog.get(`/products?ids=${csv}`), inventory.get(`/stock?productIds=${csv}`)])
      : [{ items: [] }, { items: [] }];
    return shapeHome(user, recent.items, products.items, stock.items);
  });

  await serveUntilSignal(app, 3102, () =>
    Promise.all([users, orders, catalog, inventory].map((u) => u.pool.close())),
  );
}

runBaseline('baseline', main);
