'use strict';
/**
 * The hand-written baseline for the web-bff's viewer query: the essential work of `POST /graphql` and nothing
 * else. Apollo Server 5 on Fastify 5 (@as-integrations/fastify), a five-type schema with plain resolvers, one
 * DataLoader per batch endpoint per request, one undici Pool per upstream, and jose `createRemoteJWKSet` +
 * `jwtVerify` behind a verified-token cache with the framework's semantics (an entry answers until `exp` plus
 * the 5 s clock tolerance, or 60 s after its verification, whichever comes first; at most 10000 entries).
 * 401 without a valid token. Configured by the same environment as the web-bff (see CONTRACT.md).
 *
 * Run: PORT=3103 AUTH_ISSUER=http://127.0.0.1:4000 AUTH_AUDIENCE=web-bff UPSTREAM_USERS_URL=... node bench/web-baseline.js
 */

const Fastify = require('fastify');
const { ApolloServer } = require('@apollo/server');
const { fastifyApolloDrainPlugin, fastifyApolloHandler } = require('@as-integrations/fastify');
const DataLoader = require('dataloader');
const { Pool } = require('undici');
const { createRemoteJWKSet, jwtVerify } = require('jose');
const { required, serveUntilSignal, runBaseline } = require('./lib/baseline-process');

const CONNECTIONS_PER_UPSTREAM = 64;
const MAX_ORDERS = 50;
const CLOCK_TOLERANCE_S = 5;
const TOKEN_CACHE_MAX_AGE_MS = 60_000;
const TOKEN_CACHE_MAX_ENTRIES = 10_000;

const typeDefs = `#graphql
  type Query { viewer: Viewer! }
  type Viewer { id: ID! name: String! email: String! avatarUrl: String! orders(first: Int! = 10): [Order!]! }
  type Order { id: ID! status: String! total: Float! currency: String! createdAt: String! items: [OrderItem!]! }
  type OrderItem { quantity: Int! unitPrice: Float! product: Product }
  type Product { id: ID! name: String! price: Float! currency: String! thumbnailUrl: String! stock: Stock }
  type Stock { available: Int! }
`;

/** One keep-alive undici Pool per upstream; `get(path)` resolves with the parsed JSON of a 200, null on 404. */
function upstream(name, baseUrl) {
  const url = new URL(baseUrl);
  const prefix = url.pathname.replace(/\/$/, '');
  const pool = new Pool(url.origin, { connections: CONNECTIONS_PER_UPSTREAM });
  return {
    pool,
    async get(path) {
      const { statusCode, body } = await pool.request({ method: 'GET', path: prefix + path });
      if (statusCode === 404) {
        await body.dump();
        return null;
      }
      if (statusCode !== 200) {
        await body.dump();
        throw new Error(`${name} answered ${statusCode}`);
      }
      return body.json();
    },
  };
}

/** A batch function over `GET <path>?<param>=a,b`: keys absent from the answer resolve to null. */
function batchByIds(client, path, param, idOf) {
  return async function loadBatch(ids) {
    const body = await client.get(`${path}?${param}=${ids.map(encodeURIComponent).join(',')}`);
    const byId = new Map((body ? body.items : []).map((item) => [idOf(item), item]));
    return ids.map((id) => byId.get(id) ?? null);
  };
}

/** Verified tokens by their text: until exp + tolerance or a minute after verification; least recent out first. */
function verifiedTokenCache() {
  const entries = new Map();
  return {
    get(token) {
      const entry = entries.get(token);
      if (entry === undefined) return undefined;
      entries.delete(token);
      if (performance.now() < entry.freshUntil && Date.now() < entry.validUntilEpochMs) {
        entries.set(token, entry); // most recently used last
        return entry.sub;
      }
      return undefined;
    },
    set(token, sub, validUntilEpochMs) {
      if (!(validUntilEpochMs > Date.now())) return;
      if (entries.size >= TOKEN_CACHE_MAX_ENTRIES) entries.delete(entries.keys().next().value);
      entries.set(token, { sub, validUntilEpochMs, freshUntil: performance.now() + TOKEN_CACHE_MAX_AGE_MS });
    },
  };
}

const resolvers = {
  Query: {
    async viewer(_parent, _args, ctx) {
      const user = await ctx.users.get(`/users/${encodeURIComponent(ctx.sub)}`);
      if (!user) throw new Error('The signed-in user does not exist.');
      return user;
    },
  },
  Viewer: {
    async orders(viewer, { first }, ctx) {
      if (first < 1 || first > MAX_ORDERS) throw new Error(`first must be between 1 and ${MAX_ORDERS}.`);
      const page = await ctx.orders.get(`/orders?userId=${encodeURIComponent(viewer.id)}&limit=${first}`);
      return page ? page.items : [];
    },
  },
  OrderItem: {
    product: (item, _args, ctx) => ctx.loaders.product.load(item.productId),
  },
  Product: {
    stock: (product, _args, ctx) => ctx.loaders.stock.load(product.id),
  },
};

async function main() {
  const issuer = required('AUTH_ISSUER');
  const audience = required('AUTH_AUDIENCE');
  const jwks = createRemoteJWKSet(
    new URL(process.env.AUTH_JWKS_URL || `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`),
  );
  const tokens = verifiedTokenCache();
  const users = upstream('users', required('UPSTREAM_USERS_URL'));
  const orders = upstream('orders', required('UPSTREAM_ORDERS_URL'));
  const catalog = upstream('catalog', required('UPSTREAM_CATALOG_URL'));
  const inventory = upstream('inventory', required('UPSTREAM_INVENTORY_URL'));
  const loadProducts = batchByIds(catalog, '/products', 'ids', (p) => p.id);
  const loadStock = batchByIds(inventory, '/stock', 'productIds', (s) => s.productId);

  /** The token's subject, from the cache or after full verification; undefined when the token is not valid. */
  async function subjectOf(authorization) {
    const match = /^Bearer (.+)$/.exec(authorization || '');
    if (!match) return undefined;
    const cached = tokens.get(match[1]);
    if (cached !== undefined) return cached;
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer,
        audience,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['exp'],
      });
      if (!payload.sub) return undefined;
      tokens.set(match[1], payload.sub, (payload.exp + CLOCK_TOLERANCE_S) * 1000);
      return payload.sub;
    } catch {
      return undefined;
    }
  }

  const app = Fastify({ logger: false });
  const apollo = new ApolloServer({
    typeDefs,
    resolvers,
    plugins: [fastifyApolloDrainPlugin(app)],
    // stopped below, once: Apollo's own handler would re-raise the signal and kill the process mid-exit
    stopOnTerminationSignals: false,
  });
  await apollo.start();

  app.get('/health/live', async () => ({ status: 'ok' }));

  // The whole endpoint is private: no valid token, no GraphQL at all (HTTP 401).
  app.addHook('onRequest', async (request, reply) => {
    if (request.url !== '/graphql' && !request.url.startsWith('/graphql?')) return;
    const sub = await subjectOf(request.headers.authorization);
    if (sub === undefined) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    request.sub = sub;
  });

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => ({
      sub: request.sub,
      users,
      orders,
      loaders: { product: new DataLoader(loadProducts), stock: new DataLoader(loadStock) },
    }),
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler });

  await serveUntilSignal(app, 3103, async () => {
    await apollo.stop();
    await Promise.all([users, orders, catalog, inventory].map((u) => u.pool.close()));
  });
}

runBaseline('web-baseline', main);
