import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@bff/core';
import Ajv from 'ajv';
import { loadPolicyFile, policyProblems, readBffConfig, readPolicyEnv } from '@bff/platform';
import { PolicyDocumentSchema } from './policy.schema';

const expect_ = { app: 'kiosk-bff', upstreams: ['catalog', 'orders'] };

/** A policy file of kiosk-bff with `upstreams` and `routes` as given (YAML text, indented by the caller). */
const policy = (body: string) => `version: 1\napp: kiosk-bff\n${body}`;

describe('policy file validation (every problem named by its path)', () => {
  it('has a schema that passes the JSON Schema meta-schema (not checked again at start-up)', () => {
    const ajv = new Ajv({ strict: false });
    expect(ajv.validateSchema(PolicyDocumentSchema)).toBe(true);
    expect(ajv.errors ?? []).toEqual([]);
  });

  it.each([
    [
      'a ratio above 1',
      'upstreams:\n  catalog:\n    retry: { budgetRatio: 2 }\n',
      ['upstreams.catalog.retry.budgetRatio: must be <= 1'],
    ],
    [
      'an unknown field',
      'upstreams:\n  catalog:\n    retry: { budget: 0.1 }\n',
      [
        'upstreams.catalog.retry.budget: is not a known field (retries, baseDelayMs, maxDelayMs, budgetRatio, minRetriesPerSec, budgetWindowMs, minAttemptMs)',
      ],
    ],
    [
      'a value of neither alternative',
      'upstreams:\n  catalog:\n    hedge: { delayMs: soon }\n',
      ['upstreams.catalog.hedge.delayMs: must be an integer or "p95"'],
    ],
    [
      'a canary naming no instance',
      'upstreams:\n  catalog:\n    instances: [http://a:1, http://b:1]\n    canary: { version: v2, percent: 10 }\n',
      ['upstreams.catalog.canary.version: no instance has version "v2"'],
    ],
    [
      'an instance of another protocol',
      'upstreams:\n  catalog:\n    baseUrl: http://a:1\n    instances: [https://b:1]\n',
      ['upstreams.catalog.instances[0]: must have the protocol and path of baseUrl'],
    ],
    [
      'an upstream the app does not call',
      'upstreams:\n  payments: { coalesce: true }\n',
      ['upstreams.payments: kiosk-bff calls no such upstream (catalog, orders)'],
    ],
    [
      'a malformed route key',
      'routes:\n  "/v1/menu": { rateLimit: skip }\n',
      ['routes["/v1/menu"]: must be "METHOD /path" or "Query field"'],
    ],
    [
      'an invalid rate-limit policy',
      'routes:\n  GET /v1/menu: { rateLimit: [{ name: m, algorithm: gcra, limit: 10, windowMs: 1500 }] }\n',
      [
        expect.stringMatching(
          /^routes\["GET \/v1\/menu"\]\.rateLimit\[0\]\.windowMs: .*whole number of seconds/,
        ),
      ],
    ],
  ])('%s', (_name, body, problems) => {
    expect(policyProblems(policy(body), expect_)).toEqual(problems);
  });

  it('names the format version, the app and YAML syntax errors by line', () => {
    expect(policyProblems('version: 2\napp: kiosk-bff\n', expect_)).toEqual(['version: must be 1']);
    expect(policyProblems('version: 1\napp: web-bff\n', expect_)).toEqual([
      'app: is "web-bff", not kiosk-bff',
    ]);
    expect(policyProblems('version: 1\napp: kiosk-bff\nupstreams: [\n', expect_)).toEqual([
      expect.stringMatching(/^line \d+: /),
    ]);
    expect(policyProblems('version: 1\napp: a\napp: b\n')).toEqual([
      expect.stringMatching(/^line 3: .*unique/i),
    ]);
  });

  it('accepts a file that says everything, and maps it onto the upstream options', () => {
    const text = policy(
      [
        'upstreams:',
        '  catalog:',
        '    instances: [http://a:4003, { url: http://b:4003, weight: 2 }, { url: http://c:4003, version: v2 }]',
        '    canary: { version: v2, percent: 10, header: { name: x-canary, value: "1" } }',
        '    dns: { ttlMs: 10000 }',
        '    headersTimeoutMs: 800',
        '    breaker: false',
        '    retry: { retries: 1, budgetRatio: 0.1 }',
        '    cache: { routes: ["/products/*"], shared: true }',
        '    hedge: { delayMs: p95, routes: ["/products/*"] }',
        'routes:',
        '  GET /v1/menu: { rateLimit: skip, auth: { scopes: [menu:read] } }',
        '',
      ].join('\n'),
    );
    expect(policyProblems(text, expect_)).toEqual([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    const file = path.join(dir, 'kiosk-bff.policy.yaml');
    writeFileSync(file, text);
    const config = readBffConfig(
      { POLICY_FILE: file, AUTH_ISSUER: 'http://idp', UPSTREAM_ORDERS_URL: 'http://orders:4002' },
      { name: 'kiosk-bff', port: 3004, upstreams: ['catalog', 'orders'] },
    );
    expect(config.downstream.upstreams).toEqual({ catalog: 'http://a:4003', orders: 'http://orders:4002' });
    expect(config.policy?.upstreams.catalog).toMatchObject({
      canary: { version: 'v2', percent: 10 },
      dns: { ttlMs: 10000 },
      breaker: false,
      retry: { retries: 1, budgetRatio: 0.1 },
    });
    expect(config.policy?.routes['GET /v1/menu']).toEqual({
      rateLimit: 'skip',
      auth: { scopes: ['menu:read'] },
    });

    // The environment wins: its URL replaces the file's URL, instances and canary; its settings their fields.
    const overridden = readBffConfig(
      {
        POLICY_FILE: file,
        AUTH_ISSUER: 'http://idp',
        UPSTREAM_ORDERS_URL: 'http://orders:4002',
        UPSTREAM_CATALOG_URL: 'http://catalog.svc:4003',
        UPSTREAM_CATALOG_RETRY_MAX: '0',
      },
      { name: 'kiosk-bff', port: 3004, upstreams: ['catalog', 'orders'] },
    );
    expect(overridden.downstream.upstreams.catalog).toBe('http://catalog.svc:4003');
    expect(overridden.policy?.upstreams.catalog).not.toHaveProperty('instances');
    expect(overridden.policy?.upstreams.catalog).not.toHaveProperty('canary');
    expect(overridden.downstream.settings.catalog.retry).toEqual({ retries: 0 });
  });

  it('refuses a broken file with its path and each problem, beside the bad variables', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, policy('upstreams:\n  catalog:\n    retry: { budgetRatio: 1.5 }\n'));
    expect(() => loadPolicyFile(file, expect_)).toThrow(
      new ConfigError([`${file}: upstreams.catalog.retry.budgetRatio: must be <= 1`]),
    );
    let caught: ConfigError | undefined;
    try {
      readBffConfig(
        { POLICY_FILE: file, PORT: 'x' },
        { name: 'kiosk-bff', port: 3004, upstreams: ['catalog'] },
      );
    } catch (err) {
      caught = err as ConfigError;
    }
    expect(caught?.problems.slice(0, 2)).toEqual([
      `${file}: upstreams.catalog.retry.budgetRatio: must be <= 1`,
      'PORT: must be an integer, got "x"',
    ]);
    expect(() => loadPolicyFile(path.join(dir, 'missing.yaml'))).toThrow(/POLICY_FILE: cannot read .*ENOENT/);
  });

  it('finds the file from POLICY_FILE, else config/<app>.policy.yaml when it exists; off means none', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'));
    expect(readPolicyEnv({}, 'kiosk-bff', dir)).toBeUndefined();
    expect(readPolicyEnv({ POLICY_FILE: 'p.yaml' }, 'kiosk-bff', dir)).toBe(path.join(dir, 'p.yaml'));
    const cwd = path.resolve(__dirname, '../../../..');
    expect(readPolicyEnv({}, 'mobile-bff', cwd)).toBe(path.join(cwd, 'config', 'mobile-bff.policy.yaml'));
    expect(readPolicyEnv({ POLICY_FILE: 'off' }, 'mobile-bff', cwd)).toBeUndefined();
  });
});
