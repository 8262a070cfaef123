import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildIfStale, ROOT, spawnChild } from './support/built-app';

/** Runs `npm run config:check -- <files>` (the script itself) and returns its exit code and output. */
async function configCheck(...files: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawnChild(process.execPath, [path.join(ROOT, 'scripts/config-check.js'), ...files], {});
  const { code } = await child.exited;
  return { code, output: child.output() };
}

describe('npm run config:check (the pre-deploy gate CI runs)', () => {
  beforeAll(() => buildIfStale('mobile-bff'));

  it('accepts the shipped file and prints the effective upstream and route tables', async () => {
    const { code, output } = await configCheck('config/mobile-bff.policy.yaml');
    expect(code).toBe(0);
    expect(output).toContain('config/mobile-bff.policy.yaml: ok (mobile-bff)');
    for (const upstream of ['users', 'orders', 'catalog', 'inventory'])
      expect(output).toMatch(
        new RegExp(`^  ${upstream} \\$UPSTREAM_${upstream.toUpperCase()}_URL \\| dns every 30000 ms`, 'm'),
      );
    expect(output).toMatch(/^ {2}catalog .*\| cache \/products,\/products\/\* shared \| coalesce/m);
    expect(output).toMatch(/^ {2}GET \/v1\/home -> authenticated/m);
  }, 120_000);

  it('refuses a broken file with exit status 1, each problem named by its path', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'config-check-')), 'broken.yaml');
    writeFileSync(
      file,
      'version: 1\napp: mobile-bff\nupstreams:\n  catalog:\n    retry: { budgetRatio: 1.5 }\n',
    );
    const { code, output } = await configCheck(file);
    expect(code).toBe(1);
    expect(output).toContain(`${file}: refused\n  upstreams.catalog.retry.budgetRatio: must be <= 1`);
    expect(output).not.toContain(': ok (');
  }, 120_000);
});
