/**
 * One instance of an upstream as configured: its base URL, its share of the calls and the version it runs.
 * @example { url: 'http://catalog-v2:4003', weight: 1, version: 'v2' }
 */
export interface UpstreamInstance {
  /** Absolute http(s) URL with the protocol and path of the upstream's `baseUrl`. */
  url: string;
  /** Share of the calls relative to the other instances of its version (a positive integer). Default is 1. */
  weight?: number;
  /** Version the instance runs, named by a {@link CanaryRule}. Default is none (the stable version). */
  version?: string;
}

/**
 * Sends part of the calls to the instances of one version (a canary): every call made while serving a request
 * that carries `header` (with `value`, when given), and otherwise `percent` of the calls, spread evenly (10%
 * is exactly one call in ten, not a coin toss per call). The other calls go to the other instances. When every
 * instance of one side is ejected as an outlier, its calls go to the other side: a failing canary sheds its
 * traffic by itself.
 * @example canary: { version: 'v2', percent: 10, header: { name: 'x-canary', value: 'catalog-v2' } }
 */
export interface CanaryRule {
  /** The `version` of the canary instances. */
  version: string;
  /** Share of the calls (0..100) sent to the canary, besides those the header marks. Default is 0. */
  percent?: number;
  /**
   * A request header of the BFF's own request that sends its calls to the canary: `name` (case-insensitive)
   * and, when given, the exact `value` it must carry. Default is none.
   */
  header?: { name: string; value?: string };
}

/** An instance after validation. */
export interface ResolvedInstance {
  origin: string;
  weight: number;
  version?: string;
}

/** A canary rule after validation (header name lower-cased). */
export interface ResolvedCanaryRule {
  version: string;
  percent: number;
  header?: { name: string; value?: string };
}

const VERSION = /^[A-Za-z0-9_.-]{1,64}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

/**
 * Validates the instances of one upstream (plain URLs or {@link UpstreamInstance} objects) against its base
 * URL; problems are pushed as `<at>[i].<field>: ...`. Instances listed twice keep their first entry.
 */
export function resolveInstanceList(
  instances: readonly unknown[],
  base: URL,
  at: string,
  problems: string[],
): ResolvedInstance[] {
  const out = new Map<string, ResolvedInstance>();
  instances.forEach((raw, i) => {
    const entry = typeof raw === 'string' ? { url: raw } : (raw as UpstreamInstance | null);
    if (!entry || typeof entry !== 'object') {
      problems.push(`${at}[${i}]: must be a URL or { url, weight?, version? }`);
      return;
    }
    let url: URL;
    try {
      url = new URL(String(entry.url));
    } catch {
      problems.push(`${at}[${i}]: must be an absolute http(s) URL, got ${JSON.stringify(entry.url)}`);
      return;
    }
    if (url.protocol !== base.protocol || trimPath(url) !== trimPath(base)) {
      problems.push(`${at}[${i}]: must have the protocol and path of baseUrl`);
      return;
    }
    const weight = entry.weight ?? 1;
    if (!Number.isSafeInteger(weight) || weight < 1 || weight > 1000)
      problems.push(`${at}[${i}].weight: must be an integer in 1..1000, got ${JSON.stringify(weight)}`);
    if (entry.version !== undefined && !(typeof entry.version === 'string' && VERSION.test(entry.version)))
      problems.push(`${at}[${i}].version: must match [A-Za-z0-9_.-]{1,64}`);
    if (!out.has(url.origin))
      out.set(url.origin, {
        origin: url.origin,
        weight,
        ...(entry.version ? { version: entry.version } : {}),
      });
  });
  return [...out.values()];
}

/** Validates a canary rule against the instances it splits; undefined when there is none. */
export function resolveCanaryRule(
  rule: CanaryRule | undefined,
  instances: readonly ResolvedInstance[],
  at: string,
  problems: string[],
): ResolvedCanaryRule | undefined {
  if (rule === undefined) return undefined;
  if (!rule || typeof rule !== 'object') {
    problems.push(`${at}: must be { version, percent?, header? }`);
    return undefined;
  }
  const percent = rule.percent ?? 0;
  if (typeof percent !== 'number' || !(percent >= 0 && percent <= 100))
    problems.push(`${at}.percent: must be a number in 0..100, got ${JSON.stringify(percent)}`);
  const canaries = instances.filter((i) => i.version === rule.version).length;
  if (canaries === 0) problems.push(`${at}.version: no instance has version ${JSON.stringify(rule.version)}`);
  else if (canaries === instances.length)
    problems.push(`${at}.version: every instance has version ${JSON.stringify(rule.version)}; none is left`);
  let header: ResolvedCanaryRule['header'];
  if (rule.header !== undefined) {
    const { name, value } = rule.header ?? {};
    if (typeof name !== 'string' || !HEADER_NAME.test(name))
      problems.push(`${at}.header.name: must be an HTTP header name`);
    if (value !== undefined && typeof value !== 'string')
      problems.push(`${at}.header.value: must be a string`);
    header = { name: String(name).toLowerCase(), ...(value !== undefined ? { value } : {}) };
  }
  return { version: rule.version, percent, ...(header ? { header } : {}) };
}

function trimPath(url: URL): string {
  return url.pathname.replace(/\/+$/, '');
}
