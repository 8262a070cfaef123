import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROXY_CONF, renderNginxConfig, UPSTREAM_KEEPALIVE_TIMEOUT_S } from '../scripts/ha/nginx-config';
import { ReadinessTracker } from '../scripts/ha/readiness-gate';
import { generateCertificates } from '../scripts/ha/tls';

const nginxOnPath = (() => {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the HA stack nginx configuration', () => {
  /** The shared proxy directives, without comments. */
  const proxy = readFileSync(PROXY_CONF, 'utf8')
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');

  const render = (down = false) =>
    renderNginxConfig({
      dir: '/run/ha',
      tls: { cert: '/run/ha/server.pem', key: '/run/ha/server.key' },
      sites: [
        {
          name: 'mobile-bff',
          port: 8443,
          replicas: [{ address: '127.0.0.1:4101' }, { address: '127.0.0.1:4102', down }],
        },
      ],
    });

  it('retries another replica only for unreachable or silent replicas, never for non-idempotent requests', () => {
    expect(render()).toContain(`include ${PROXY_CONF};`);
    expect(proxy).toMatch(/^proxy_next_upstream error timeout;$/m);
    expect(proxy).not.toMatch(/non_idempotent|http_50\d/);
    expect(proxy).toMatch(/^proxy_next_upstream_tries 3;$/m);
    expect(render()).not.toMatch(/proxy_next_upstream/);
  });

  it('keeps connections to the replicas alive, closing idle ones before the replicas do', () => {
    expect(proxy).toMatch(/^proxy_http_version 1\.1;$/m);
    expect(proxy).toMatch(/^proxy_set_header Connection "";$/m);
    expect(render()).toMatch(/^\s*keepalive 64;$/m);
    expect(UPSTREAM_KEEPALIVE_TIMEOUT_S).toBeLessThan(72); // fastify's keepAliveTimeout
  });

  it('terminates TLS and marks a replica that is not ready down', () => {
    expect(render(false)).toMatch(/listen 127\.0\.0\.1:8443 ssl;/);
    expect(render(false)).toMatch(/server 127\.0\.0\.1:4102 max_fails=1 fail_timeout=5s;/);
    expect(render(true)).toMatch(/server 127\.0\.0\.1:4102 max_fails=1 fail_timeout=5s down;/);
    expect(render(true)).toMatch(/server 127\.0\.0\.1:4101 max_fails=1 fail_timeout=5s;/);
  });

  it('keeps every replica when none is ready (panic threshold) rather than refusing all requests', () => {
    const conf = renderNginxConfig({
      dir: '/run/ha',
      tls: { cert: '/run/ha/server.pem', key: '/run/ha/server.key' },
      sites: [
        {
          name: 'mobile-bff',
          port: 8443,
          replicas: [
            { address: '127.0.0.1:4101', down: true },
            { address: '127.0.0.1:4102', down: true },
          ],
        },
      ],
    });
    expect(conf).toMatch(/server 127\.0\.0\.1:4101 max_fails=1 fail_timeout=5s;/);
    expect(conf).toMatch(/server 127\.0\.0\.1:4102 max_fails=1 fail_timeout=5s;/);
    expect(conf).not.toMatch(/ down;/);
  });

  (nginxOnPath ? it : it.skip)('is accepted by nginx -t', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bff-ha-conf-'));
    try {
      const tls = generateCertificates(dir);
      for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
        mkdirSync(path.join(dir, 'tmp', sub), { recursive: true });
      const conf = renderNginxConfig({
        dir,
        tls,
        sites: [{ name: 'mobile-bff', port: 8443, replicas: [{ address: '127.0.0.1:4101', down: true }] }],
        tlsUpstreams: [{ name: 'users', port: 8444, target: 'http://127.0.0.1:4001' }],
      });
      writeFileSync(path.join(dir, 'nginx.conf'), conf);
      execFileSync('nginx', [
        '-t',
        '-q',
        '-p',
        dir,
        '-c',
        path.join(dir, 'nginx.conf'),
        '-e',
        path.join(dir, 'error.log'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ReadinessTracker (the readiness gate without its timer)', () => {
  it('takes a replica out after `fall` failures in a row and back after `rise` good probes', () => {
    const t = new ReadinessTracker(2, { fall: 2, rise: 2, initiallyUp: true });
    expect(t.record(0, false)).toBe(false);
    expect(t.record(0, true)).toBe(false); // the streak is broken
    expect(t.record(0, false)).toBe(false);
    expect(t.record(0, false)).toBe(true);
    expect(t.up).toEqual([false, true]);
    expect(t.record(0, true)).toBe(false);
    expect(t.record(0, true)).toBe(true);
    expect(t.up).toEqual([true, true]);
  });

  it('starts every replica out of rotation unless told otherwise', () => {
    const t = new ReadinessTracker(1, { rise: 1 });
    expect(t.up).toEqual([false]);
    expect(t.record(0, true)).toBe(true);
  });

  it.each([[{ fall: 0 }], [{ rise: 1.5 }]])('rejects %j', (options) => {
    expect(() => new ReadinessTracker(1, options)).toThrow(/must be a positive integer/);
  });
});
