import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as auth from '@bff/auth';
import * as core from '@bff/core';
import { BFF_ERROR_CATALOG, BffError, ConfigError, type BffErrorCode } from '@bff/core';
import * as downstream from '@bff/downstream';
import * as graphql from '@bff/graphql';
import * as jobs from '@bff/jobs';
import * as rateLimit from '@bff/rate-limit';
import * as redis from '@bff/redis';

/**
 * Keeps the error catalog, the classes that throw its codes, the README's "Errors" table and every lib's docs
 * in step (as fastify's test/internals/errors.test.js does for lib/errors.js).
 */

const ROOT = join(__dirname, '..');
/** Codes in the catalog that no class throws yet. */
const RESERVED: readonly BffErrorCode[] = [];

const catalog = BFF_ERROR_CATALOG as Readonly<Record<string, { status: number; title: string }>>;
const codes = Object.keys(catalog);

type ErrorClass = { name: string; code: string; status?: number; title?: string };

/** Every concrete coded error class the libs export (abstract bases inherit their code, so are skipped). */
function exportedErrorClasses(): ErrorClass[] {
  const seen = new Set<unknown>();
  const found: ErrorClass[] = [];
  for (const lib of [core, auth, downstream, graphql, jobs, rateLimit, redis] as Record<string, unknown>[]) {
    for (const value of Object.values(lib)) {
      if (typeof value !== 'function' || seen.has(value)) continue;
      seen.add(value);
      const coded = value.prototype instanceof BffError || value === ConfigError;
      if (coded && Object.hasOwn(value, 'code')) found.push(value as unknown as ErrorClass);
    }
  }
  return found;
}

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', '.git', 'coverage'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(path));
    else if (entry.name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Whole codes mentioned in a text (`BFF_ERR_AUTH_` prefixes excluded). */
function codesIn(text: string): string[] {
  return (text.match(/\bBFF_ERR_[A-Z0-9_]+\b/g) ?? []).filter((c) => !c.endsWith('_'));
}

/** Rows of markdown tables whose first cell is a code: `[code, status or undefined]`. */
function tableRows(markdown: string): [string, number | undefined][] {
  const rows: [string, number | undefined][] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (!line.startsWith('|') || cells.length < 3) continue;
    const code = /`(BFF_ERR_[A-Z0-9_]+)`/.exec(cells.find((c) => /^`BFF_ERR_[A-Z0-9_]+`$/.test(c)) ?? '');
    if (!code) continue;
    const status = cells.find((c) => /^\d{3}$/.test(c));
    rows.push([code[1], status === undefined ? undefined : Number(status)]);
  }
  return rows;
}

function readmeErrorsSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Errors\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('error catalog', () => {
  const classes = exportedErrorClasses();

  it('has only BFF_ERR_ codes with an HTTP status and a title', () => {
    for (const code of codes) {
      expect(code).toMatch(/^BFF_ERR_[A-Z0-9_]+[A-Z0-9]$/);
      expect(catalog[code].status).toBeGreaterThanOrEqual(400);
      expect(catalog[code].status).toBeLessThan(600);
      expect(catalog[code].title.length).toBeGreaterThan(0);
    }
  });

  it.each(classes.map((c) => [c.name, c] as const))(
    '%s carries its catalog code, status and title',
    (_name, Cls) => {
      expect(codes).toContain(Cls.code);
      if (Cls !== (ConfigError as unknown as ErrorClass)) {
        expect({ status: Cls.status, title: Cls.title }).toEqual(catalog[Cls.code]);
      }
    },
  );

  it('has a class for every code, except the reserved ones', () => {
    const thrown = new Set(classes.map((c) => c.code));
    expect(codes.filter((c) => !thrown.has(c))).toEqual(RESERVED);
  });

  it('is the README error table, row for row, with each status', () => {
    const rows = tableRows(readmeErrorsSection());
    expect(rows.map(([code]) => code).sort()).toEqual([...codes].sort());
    for (const [code, status] of rows) expect([code, status]).toEqual([code, catalog[code].status]);
  });

  it('is the only source of codes the docs mention, with the catalog status wherever a table gives one', () => {
    const unknown: string[] = [];
    const wrongStatus: string[] = [];
    for (const file of markdownFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      for (const code of codesIn(text)) if (!catalog[code]) unknown.push(`${where}: ${code}`);
      for (const [code, status] of tableRows(text)) {
        if (catalog[code] && status !== undefined && status !== catalog[code].status)
          wrongStatus.push(`${where}: ${code} ${status}, catalog ${catalog[code].status}`);
      }
    }
    expect({ unknown, wrongStatus }).toEqual({ unknown: [], wrongStatus: [] });
  });

  it('is the only source of codes the source code mentions (docs, @throws, literals)', () => {
    const unknown: string[] = [];
    const scan = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (entry.name.endsWith('.ts')) {
          for (const code of codesIn(readFileSync(path, 'utf8')))
            if (!catalog[code]) unknown.push(`${relative(ROOT, path)}: ${code}`);
        }
      }
    };
    for (const dir of ['libs', 'apps']) scan(join(ROOT, dir));
    expect(unknown).toEqual([]);
  });

  it('makes a code outside the catalog a type error', () => {
    // `npm run typecheck` fails if this ever compiles: the code is a typo.
    // @ts-expect-error 'BFF_ERR_VALIDATON' is not a BffErrorCode
    class TypoError extends BffError {
      static override readonly code = 'BFF_ERR_VALIDATON';
    }
    expect(TypoError.code).not.toBe('BFF_ERR_VALIDATION');
  });
});
