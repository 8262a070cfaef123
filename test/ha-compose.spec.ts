import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
/** The BFFs of nest-cli.json (scripts/apps.js, plain JavaScript). */
const { BFFS } = jest.requireActual<{ BFFS: string[] }>('../scripts/apps');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  build?: { args?: { APP?: string } };
  environment?: Record<string, string | number>;
  ports?: string[];
  volumes?: string[];
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition: string }>;
}

/** docker-compose.yml has no engine here: this reads it, checking the HA topology against the apps. */
describe('docker-compose.yml: replicas of every BFF behind nginx (read, not run)', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const replicasOf = (app: string) =>
    Object.keys(services).filter((name) => new RegExp(`^${app}-\\d+$`).test(name));
  const nginx = services.nginx;
  const groups = Object.fromEntries(
    String(nginx.environment?.BFF_REPLICAS)
      .trim()
      .split(/\s+/)
      .map((group) => [group.split('=')[0], group.split('=')[1].split(',')]),
  );
  const nginxConf = read('ops/nginx/nginx.conf');

  it.each(BFFS)('%s: at least two replicas of the same image, reachable only through nginx', (app) => {
    const names = replicasOf(app);
    expect(names.length).toBeGreaterThanOrEqual(2);
    for (const name of names) {
      const replica = services[name];
      expect(replica.build?.args?.APP).toBe(app);
      expect(replica.ports).toBeUndefined();
      expect(replica.environment?.TRUST_PROXY).toBe('true');
      expect(Number(replica.environment?.SHUTDOWN_DRAIN_DELAY_MS)).toBeGreaterThan(
        2 * Number(nginx.environment?.GATE_INTERVAL_S) * 1000,
      );
      const port = replica.environment?.PORT;
      expect(replica.healthcheck?.test?.join(' ')).toContain(`127.0.0.1:${port}/health/ready`);
      expect(nginx.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    // the readiness gate probes exactly these replicas, on their port
    expect(groups[app]).toEqual(names.map((name) => `${name}:${services[name].environment?.PORT}`));
  });

  it.each(BFFS)(
    '%s: nginx listens on its port (HTTP) and over TLS, proxying to its upstream block',
    (app) => {
      const port = Number(services[replicasOf(app)[0]].environment?.PORT);
      const block = new RegExp(
        `listen ${port};\\s+listen ${port + 5440} ssl;\\s+location / \\{\\s+proxy_pass http://${app};`,
      );
      expect(nginxConf).toMatch(block);
      expect(nginx.ports).toContain('3001-3003:3001-3003');
    },
  );

  it('nginx shares the proxy directives of start:ha, runs the readiness gate and uses the generated certificate', () => {
    expect(nginx.volumes).toEqual(
      expect.arrayContaining([
        './ops/nginx/bff-proxy.conf:/etc/nginx/bff-proxy.conf:ro',
        './ops/nginx/40-bff-readiness-gate.sh:/docker-entrypoint.d/40-bff-readiness-gate.sh:ro',
        'certs:/certs:ro',
      ]),
    );
    expect(nginxConf).toContain('include /etc/nginx/bff-proxy.conf;');
    expect(nginxConf).toContain('include /etc/nginx/bff-upstreams/*.conf;');
    expect(nginx.depends_on?.certs).toEqual({ condition: 'service_completed_successfully' });
  });

  it('Prometheus scrapes every replica', () => {
    const targets = (
      parse(read('ops/prometheus/prometheus.yml')) as {
        scrape_configs: { static_configs: { targets: string[] }[] }[];
      }
    ).scrape_configs.flatMap((job) => job.static_configs.flatMap((c) => c.targets));
    expect(targets.sort()).toEqual(Object.values(groups).flat().sort());
  });
});
