import { freePort } from '@bff/testing';
import { buildIfStale, refused, spawnChild, until } from './support/built-app';

const PORT_VARS = [
  'IDP_PORT',
  'USERS_PORT',
  'ORDERS_PORT',
  'CATALOG_PORT',
  'INVENTORY_PORT',
  'WEB_BFF_PORT',
  'MOBILE_BFF_PORT',
  'PARTNER_BFF_PORT',
];

describe('npm start (the demo stack launcher)', () => {
  beforeAll(() => buildIfStale(), 300_000);

  it('stops every child when npm receives SIGTERM: each port is free afterwards', async () => {
    const ports = await Promise.all(PORT_VARS.map(() => freePort()));
    const env = Object.fromEntries(PORT_VARS.map((name, i) => [name, String(ports[i])]));
    const launcher = spawnChild('npm', ['start', '--silent'], env);
    try {
      await until(
        () => launcher.output().includes('The demo stack is up'),
        80_000,
        'the demo stack up',
      ).catch((err) => {
        throw new Error(`${(err as Error).message}\n${launcher.output()}`);
      });
      for (const port of ports) expect(await refused(port)).toBe(false);

      launcher.process.kill('SIGTERM');
      const { code } = await launcher.exited;

      expect(code).toBe(0);
      const stillOpen = [];
      for (const [i, port] of ports.entries()) if (!(await refused(port))) stillOpen.push(PORT_VARS[i]);
      expect(stillOpen).toEqual([]);
    } finally {
      if (launcher.process.exitCode === null) launcher.process.kill('SIGKILL');
    }
  }, 150_000);
});
