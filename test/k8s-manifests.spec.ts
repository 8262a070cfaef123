import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { parseAllDocuments } from 'yaml';
import type { Env } from '@bff/core';
import { HealthController } from '@bff/observability';
import type { BffPlatformConfig } from '@bff/platform';
import { loadConfig as mobile } from '../apps/mobile-bff/src/config';
import { loadConfig as partner } from '../apps/partner-bff/src/config';
import { loadConfig as web } from '../apps/web-bff/src/config';

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects are walked as parsed YAML */

const { ROOT, BFFS } = jest.requireActual<{ ROOT: string; BFFS: string[] }>('../scripts/apps');
const LOADERS: Record<string, (env: Env) => BffPlatformConfig> = {
  'mobile-bff': mobile,
  'web-bff': web,
  'partner-bff': partner,
};

/** The path of a HealthController route, read from its decorators (`@Controller('health')` + `@Get('ready')`). */
function healthPath(method: 'live' | 'ready'): string {
  const handler = HealthController.prototype[method];
  expect(RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]).toBe('GET');
  return `/${Reflect.getMetadata(PATH_METADATA, HealthController)}/${Reflect.getMetadata(PATH_METADATA, handler)}`;
}

/**
 * Loads the app's configuration from `env` as its main.ts would, recording every variable its libs' readers
 * look at: the names a manifest may set are exactly those (none copied into a list here).
 */
function loadRecording(app: string, env: Env): { config: BffPlatformConfig; read: Set<string> } {
  const read = new Set<string>();
  const source = new Proxy(env, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return target[name as string];
    },
  });
  return { config: LOADERS[app](source), read };
}

describe.each(BFFS)('deploy/k8s/%s.yaml', (app) => {
  const docs = parseAllDocuments(readFileSync(join(ROOT, 'deploy', 'k8s', `${app}.yaml`), 'utf8')).map(
    (d) => d.toJS() as any,
  );
  const kind = (k: string) => {
    const found = docs.filter((d) => d?.kind === k);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const deployment = kind('Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];
  const env: Record<string, string> = Object.fromEntries(
    container.env.map((e: { name: string; value: string }) => [e.name, e.value]),
  );
  const configMap = kind('ConfigMap');

  /** The app's configuration from the manifest's env, with POLICY_FILE at a copy of the ConfigMap's file. */
  function configFromManifest() {
    const mount = container.volumeMounts.find((m: any) => env.POLICY_FILE.startsWith(`${m.mountPath}/`));
    expect(mount).toBeDefined();
    const volume = pod.volumes.find((v: any) => v.name === mount.name);
    expect(volume.configMap.name).toBe(configMap.metadata.name);
    const item = volume.configMap.items.find((i: any) => `${mount.mountPath}/${i.path}` === env.POLICY_FILE);
    const file = join(mkdtempSync(join(tmpdir(), 'k8s-')), 'policy.yaml');
    writeFileSync(file, configMap.data[item.key]);
    return loadRecording(app, { ...env, POLICY_FILE: file });
  }

  it('ships the policy file as its ConfigMap, word for word, and the app accepts the whole env', () => {
    expect(configMap.data['policy.yaml']).toBe(
      readFileSync(join(ROOT, 'config', `${app}.policy.yaml`), 'utf8'),
    );
    const { config } = configFromManifest();
    expect(config.name).toBe(app);
    expect(config.policy?.upstreams).toBeDefined();
  });

  it('sets only variables the libs read', () => {
    const { read } = configFromManifest();
    expect(Object.keys(env).filter((name) => !read.has(name))).toEqual([]);
  });

  it('probes the health routes on the port the app listens on', () => {
    const { config } = configFromManifest();
    const port = container.ports.find((p: any) => p.containerPort === config.core.port);
    expect(port).toBeDefined();
    expect(config.core.host).toBe('0.0.0.0');
    for (const [probe, path] of [
      ['readinessProbe', healthPath('ready')],
      ['livenessProbe', healthPath('live')],
    ] as const) {
      expect(container[probe].httpGet.path).toBe(path);
      expect([port.name, port.containerPort]).toContain(container[probe].httpGet.port);
    }
    const service = kind('Service');
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect([port.name, port.containerPort]).toContain(service.spec.ports[0].targetPort);
  });

  it('drains before it stops: a preStop delay of the drain delay, a grace period beyond the shutdown', () => {
    const { config } = configFromManifest();
    expect(config.core.drainDelayMs).toBeGreaterThan(0);
    expect(container.lifecycle.preStop.exec.command).toEqual([
      'sleep',
      String(config.core.drainDelayMs / 1000),
    ]);
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      config.core.drainDelayMs + config.core.shutdownTimeoutMs,
    );
  });

  it('runs 2+ replicas with resource requests, a disruption budget and an autoscaler that keep 2+', () => {
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    const pdb = kind('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const hpa = kind('HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.minReplicas).toBeGreaterThan(pdb.spec.minAvailable);
  });
});

describe('deploy/k8s/kustomization.yaml', () => {
  it('lists every BFF', () => {
    const kustomization = parseAllDocuments(
      readFileSync(join(ROOT, 'deploy', 'k8s', 'kustomization.yaml'), 'utf8'),
    )[0].toJS();
    expect([...kustomization.resources].sort()).toEqual(BFFS.map((app) => `${app}.yaml`).sort());
  });
});
