import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What scripts/apps.js exports (plain JavaScript, so build, start and bench run without a compile step). */
interface AppsModule {
  ROOT: string;
  APPS: string[];
  BFFS: string[];
  bffPorts(bffs: string[]): Record<string, number>;
}

const { ROOT, APPS, BFFS, bffPorts } = jest.requireActual<AppsModule>('../scripts/apps');

describe('the app list derived from nest-cli.json', () => {
  it('is exactly the apps/ folders that have a src/main.ts', () => {
    const folders = readdirSync(join(ROOT, 'apps'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'apps', entry.name, 'src', 'main.ts')))
      .map((entry) => entry.name);
    expect([...APPS].sort()).toEqual(folders.sort());
  });

  it('has the demo upstreams and every BFF but them', () => {
    expect(APPS).toContain('demo-upstreams');
    expect(BFFS).toEqual(APPS.filter((app) => app !== 'demo-upstreams'));
  });

  it('keeps the contract ports and gives any other BFF the next free one from 3004', () => {
    expect(bffPorts(['kiosk-bff', 'web-bff', 'mobile-bff', 'partner-bff', 'tv-bff'])).toEqual({
      'kiosk-bff': 3004,
      'web-bff': 3001,
      'mobile-bff': 3002,
      'partner-bff': 3003,
      'tv-bff': 3005,
    });
  });
});
