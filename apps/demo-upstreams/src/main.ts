import { DemoServiceName, startDemoStack } from './demo-stack';

/**
 * Runs the demo upstreams and the dev identity provider in one process, configured by the environment:
 * `HOST` (default 127.0.0.1), `IDP_PORT` (4000), `USERS_PORT` (4001), `ORDERS_PORT` (4002), `CATALOG_PORT` (4003),
 * `INVENTORY_PORT` (4004), `IDP_ISSUER` (default http://<HOST>:<IDP_PORT>), `LOG_LEVEL` (set = request logging).
 */
const PORT_VARS: Record<DemoServiceName, [string, number]> = {
  idp: ['IDP_PORT', 4000],
  users: ['USERS_PORT', 4001],
  orders: ['ORDERS_PORT', 4002],
  catalog: ['CATALOG_PORT', 4003],
  inventory: ['INVENTORY_PORT', 4004],
};

function readPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const ports = Object.fromEntries(
    Object.entries(PORT_VARS).map(([service, [name, fallback]]) => [service, readPort(name, fallback)]),
  ) as Record<DemoServiceName, number>;
  const stack = await startDemoStack({
    host: process.env.HOST || '127.0.0.1',
    ports,
    issuer: process.env.IDP_ISSUER || undefined,
    logger: Boolean(process.env.LOG_LEVEL),
  });
  for (const [name, url] of Object.entries(stack.urls))
    console.log(`demo-upstreams: ${name.padEnd(9)} ${url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`demo-upstreams: ${signal} received, closing`);
    stack.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('demo-upstreams: close failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(`demo-upstreams: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
