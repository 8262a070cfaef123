import { ConfigError } from '../errors';

/** The environment as a plain map: apps pass `process.env`, tests pass a literal. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Reads one variable; returns the value or records a problem. */
export type EnvReader<T> = (name: string, raw: string | undefined, problems: string[]) => T;

type Spec = Record<string, EnvReader<unknown>>;
type Parsed<S extends Spec> = { [K in keyof S]: S[K] extends EnvReader<infer T> ? T : never };

/**
 * Validates every variable of `spec` at once and throws one {@link ConfigError} listing each problem as
 * `NAME: what is wrong`, so a misconfigured process refuses to start with a message naming the variable.
 *
 * @example
 * const cfg = readEnv(process.env, { PORT: env.port(3002), AUTH_ISSUER: env.url() });
 * @throws ConfigError (BFF_ERR_CONFIG)
 */
export function readEnv<S extends Spec>(source: Env, spec: S): Parsed<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(spec)) {
    const raw = source[name];
    out[name] = read(name, raw === '' ? undefined : raw, problems);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Parsed<S>;
}

function required<T>(fallback: T | undefined, name: string, problems: string[]): T {
  if (fallback === undefined) problems.push(`${name}: is required but not set`);
  return fallback as T;
}

/** Readers for common variable types; each takes an optional default (absent = required). */
export const env = {
  string(fallback?: string): EnvReader<string> {
    return (name, raw, problems) => (raw === undefined ? required(fallback, name, problems) : raw);
  },
  optionalString(): EnvReader<string | undefined> {
    return (_name, raw) => raw;
  },
  int(fallback?: number, { min = -Infinity, max = Infinity } = {}): EnvReader<number> {
    return (name, raw, problems) => {
      if (raw === undefined) return required(fallback, name, problems);
      const n = Number(raw);
      if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
        problems.push(`${name}: must be an integer, got "${raw}"`);
      } else if (n < min || n > max) {
        problems.push(`${name}: must be between ${min} and ${max}, got ${n}`);
      }
      return n;
    };
  },
  port(fallback?: number): EnvReader<number> {
    return env.int(fallback, { min: 0, max: 65535 });
  },
  bool(fallback?: boolean): EnvReader<boolean> {
    return (name, raw, problems) => {
      if (raw === undefined) return required(fallback, name, problems);
      const v = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(v)) return true;
      if (['0', 'false', 'no', 'off'].includes(v)) return false;
      problems.push(`${name}: must be true or false, got "${raw}"`);
      return false;
    };
  },
  url(fallback?: string, { protocols = ['http:', 'https:'] } = {}): EnvReader<string> {
    return (name, raw, problems) => {
      const value = raw ?? required(fallback, name, problems);
      if (value === undefined) return value;
      try {
        const u = new URL(value);
        if (!protocols.includes(u.protocol))
          problems.push(`${name}: must use ${protocols.join(' or ')}, got "${u.protocol}"`);
        return value.replace(/\/+$/, '');
      } catch {
        problems.push(`${name}: must be an absolute URL, got "${value}"`);
        return value;
      }
    };
  },
  optionalUrl(opts?: { protocols?: string[] }): EnvReader<string | undefined> {
    const read = env.url('', opts);
    return (name, raw, problems) => (raw === undefined ? undefined : read(name, raw, problems));
  },
  oneOf<T extends string>(values: readonly T[], fallback?: T): EnvReader<T> {
    return (name, raw, problems) => {
      if (raw === undefined) return required(fallback, name, problems);
      if (!values.includes(raw as T))
        problems.push(`${name}: must be one of ${values.join(', ')}, got "${raw}"`);
      return raw as T;
    };
  },
  /** Comma-separated list. */
  list(fallback?: string[]): EnvReader<string[]> {
    return (name, raw, problems) =>
      raw === undefined
        ? required(fallback, name, problems)
        : raw
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
  },
};
