import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Keeps the environment the apps read and its documentation in step: every variable an env reader declares
 * (`NAME: env.int(...)` in a lib's `*.env.ts`, core's config readers, an app's `config.ts`) is named, in full, in
 * the README or a lib's README. A variable added without a line in a table fails here, as an error code without
 * its row fails the error catalog's test.
 */

const ROOT = join(__dirname, '..');

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(path, keep));
    else if (keep(path)) found.push(path);
  }
  return found;
}

/** The env readers: where the framework and the apps declare the variables they read. */
function readerFiles(): string[] {
  const isReader = (file: string) =>
    !file.endsWith('.spec.ts') &&
    (file.endsWith('.env.ts') ||
      /libs\/core\/src\/config\/[a-z-]+-env\.ts$/.test(file) ||
      /apps\/[a-z-]+\/src\/config\.ts$/.test(file));
  return [...filesUnder(join(ROOT, 'libs'), isReader), ...filesUnder(join(ROOT, 'apps'), isReader)];
}

/** Upper-case keys of a reader's schema objects (`NAME: env.int(...)`, one per line) and `source.NAME` reads. */
function declaredVariables(source: string): string[] {
  const keys = [...source.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}):\s*\S/gm)].map((m) => m[1]);
  const reads = [...source.matchAll(/\b(?:source|raw)\.([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => m[1]);
  return [...keys, ...reads];
}

function docs(): string {
  const readmes = [
    join(ROOT, 'README.md'),
    ...readdirSync(join(ROOT, 'libs')).map((lib) => join(ROOT, 'libs', lib, 'README.md')),
  ];
  return readmes
    .filter((file) => {
      try {
        readFileSync(file);
        return true;
      } catch {
        return false;
      }
    })
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
}

describe('environment variables and their docs', () => {
  const declared = new Map<string, string>();
  for (const file of readerFiles()) {
    for (const name of declaredVariables(readFileSync(file, 'utf8')))
      declared.set(name, relative(ROOT, file));
  }

  it('finds the readers of every lib and app', () => {
    const where = new Set(declared.values());
    for (const lib of ['core', 'auth', 'downstream', 'observability', 'rate-limit', 'redis'])
      expect([...where].some((file) => file.startsWith(`libs/${lib}/`))).toBe(true);
    expect(declared.size).toBeGreaterThan(80);
    expect(declared.get('AUTH_ISSUER')).toMatch(/^libs\/auth\//);
  });

  it('names every declared variable in the README or its lib README', () => {
    const text = docs();
    const missing = [...declared]
      .filter(([name]) => !new RegExp(`\\b${name}\\b`).test(text))
      .map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
