import type { FastifyInstance } from 'fastify';
import { createCatalogService } from './catalog.service';
import { createIdentityProvider } from './identity-provider';
import { createInventoryService } from './inventory.service';
import { createOrdersService } from './orders.service';
import { createSeedData } from './seed-data';
import { createUsersService } from './users.service';

/** The processes of the demo stack. */
export type DemoServiceName = 'idp' | 'users' | 'orders' | 'catalog' | 'inventory';

/** Options of `startDemoStack`. */
export interface DemoStackOptions {
  /** Address every service listens on. Default is 127.0.0.1. */
  host?: string;
  /** Port per service. Default is 0 (a free port) for each. */
  ports?: Partial<Record<DemoServiceName, number>>;
  /** `iss` of the IdP's tokens and base of its discovery URLs. Default is `http://<host>:<idpPort>`. */
  issuer?: string;
  /** Fastify request logging on every service. Default is false. */
  logger?: boolean;
  /** Time a replaced IdP signing key stays in the JWKS, in milliseconds. Default is 600000 (10 minutes). */
  keyRotationGraceMs?: number;
}

/** A running demo stack. */
export interface DemoStack {
  /** Base URL of each service, without a trailing slash, e.g. `http://127.0.0.1:4001`. */
  urls: Record<DemoServiceName, string>;
  /** Closes every service, cutting open (even hung) connections; safe to call twice. */
  close(): Promise<void>;
}

const SERVICE_NAMES: readonly DemoServiceName[] = ['idp', 'users', 'orders', 'catalog', 'inventory'];

/**
 * Starts the four demo upstreams and the dev identity provider in this process, each on its own port, with
 * freshly seeded (deterministic) data. Throws the listen error (e.g. `EADDRINUSE`) after closing what started.
 * @example const stack = await startDemoStack(); await fetch(`${stack.urls.users}/users/u1`); await stack.close();
 */
export async function startDemoStack(opts: DemoStackOptions = {}): Promise<DemoStack> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? false;
  const data = createSeedData();
  let issuer = opts.issuer?.replace(/\/+$/, '') ?? '';

  const apps: Record<DemoServiceName, FastifyInstance> = {
    idp: await createIdentityProvider({
      logger,
      issuer: () => issuer,
      keyRotationGraceMs: opts.keyRotationGraceMs,
    }),
    users: createUsersService(data, { logger }),
    orders: createOrdersService(data, { logger }),
    catalog: createCatalogService(data, { logger }),
    inventory: createInventoryService(data, { logger }),
  };
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= Promise.all(SERVICE_NAMES.map((name) => apps[name].close())).then(() => undefined));

  const urls = {} as Record<DemoServiceName, string>;
  try {
    for (const name of SERVICE_NAMES) {
      await apps[name].listen({ host, port: opts.ports?.[name] ?? 0 });
      const address = apps[name].server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      urls[name] = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    }
  } catch (err) {
    await close();
    throw err;
  }
  issuer ||= urls.idp;
  return { urls, close };
}
