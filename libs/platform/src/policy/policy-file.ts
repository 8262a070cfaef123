import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ConfigError, env, readEnv, type Env } from '@bff/core';
import { resolveUpstreamOptions } from '@bff/downstream';
import { defineRateLimitPolicies } from '@bff/rate-limit';
import { ROUTE_KEY, type PolicyDocument, type UpstreamPolicy } from './policy.schema';

/** A policy file that passed validation, with where it came from. */
export interface LoadedPolicy {
  /** Absolute path of the file. */
  file: string;
  document: PolicyDocument;
}

/** What a policy file must agree with: the app reading it and the upstreams it calls. */
export interface PolicyExpectations {
  /** App name; the file's `app` must be it. */
  app: string;
  /** The upstreams the app calls; the file may describe these only. */
  upstreams: readonly string[];
}

type Yaml = typeof import('yaml');
let yaml: Yaml | undefined;
let validator: ValidateFunction<PolicyDocument> | undefined;

/** yaml, loaded with the first policy file: an app without one never loads it. */
function loadYaml(): Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yaml ??= require('yaml') as Yaml;
  return yaml;
}

/**
 * The check of `PolicyDocumentSchema`, loaded with the first policy file. It is ajv's standalone code for the
 * schema, generated when the schema changes (`policy.validator.generated.ts`, kept in step by test/policy-validator.spec.ts), so no
 * start compiles it: ajv took about 65 ms of every start that read a policy file (bench/README.md, start-up).
 */
function policyValidator(): ValidateFunction<PolicyDocument> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  validator ??= (require('./policy.validator.generated') as { validate: ValidateFunction<PolicyDocument> })
    .validate;
  return validator;
}

/**
 * `POLICY_FILE`: the app's policy file. Unset = `config/<app>.policy.yaml` under the working directory when it
 * exists (none otherwise); `off` = none.
 * @example readPolicyEnv(process.env, 'mobile-bff') // '/app/config/mobile-bff.policy.yaml' or undefined
 */
export function readPolicyEnv(source: Env, app: string, cwd = process.cwd()): string | undefined {
  const { POLICY_FILE } = readEnv(source, { POLICY_FILE: env.optionalString() });
  if (POLICY_FILE?.trim().toLowerCase() === 'off') return undefined;
  if (POLICY_FILE !== undefined) return path.resolve(cwd, POLICY_FILE);
  const fallback = path.resolve(cwd, 'config', `${app}.policy.yaml`);
  return existsSync(fallback) ? fallback : undefined;
}

/**
 * Reads, parses and validates a policy file: YAML syntax, then the schema (`PolicyDocumentSchema`), then
 * what the libs check of the options it maps onto (each upstream's as `resolveUpstreamOptions` does, each
 * route's rate-limit policies as `@RateLimit()` does). Every problem names its path in the file.
 * @example loadPolicyFile('config/mobile-bff.policy.yaml', { app: 'mobile-bff', upstreams: ['users', 'catalog'] })
 * @throws ConfigError (BFF_ERR_CONFIG) as `<file>: upstreams.catalog.retry.budgetRatio: must be <= 1`
 */
export function loadPolicyFile(file: string, expect?: PolicyExpectations): LoadedPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `POLICY_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`,
    ]);
  }
  const { problems, document } = checkPolicy(text, expect);
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${file}: ${p}`));
  return { file, document: document! };
}

/** Every problem of a policy file's text, each as `path: what is wrong`; empty when it is valid. */
export function policyProblems(text: string, expect?: PolicyExpectations): string[] {
  return checkPolicy(text, expect).problems;
}

/** A policy file's text parsed (once) and checked: its problems, and the document when it has none. */
function checkPolicy(
  text: string,
  expect: PolicyExpectations | undefined,
): { problems: string[]; document?: PolicyDocument } {
  const parsed = loadYaml().parseDocument(text, { uniqueKeys: true });
  if (parsed.errors.length > 0)
    return {
      problems: parsed.errors.map((e) => `line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`),
    };
  const document: unknown = parsed.toJS();
  const validate = policyValidator();
  if (!validate(document)) return { problems: schemaProblems(validate.errors ?? []) };
  return { problems: [...expectationProblems(document, expect), ...optionProblems(document)], document };
}

function expectationProblems(document: PolicyDocument, expect: PolicyExpectations | undefined): string[] {
  if (!expect) return [];
  const problems: string[] = [];
  if (document.app !== expect.app)
    problems.push(`app: is ${JSON.stringify(document.app)}, not ${expect.app}`);
  for (const name of Object.keys(document.upstreams ?? {}))
    if (!expect.upstreams.includes(name))
      problems.push(
        `upstreams.${name}: ${expect.app} calls no such upstream (${expect.upstreams.join(', ')})`,
      );
  return problems;
}

/** What the libs' own validation says of the options the file maps onto. */
function optionProblems(document: PolicyDocument): string[] {
  const problems: string[] = [];
  for (const [name, upstream] of Object.entries(document.upstreams ?? {})) {
    const baseUrl = upstream.baseUrl ?? firstUrl(upstream.instances);
    if (baseUrl === undefined) continue; // the environment gives the URL
    collect(problems, () => resolveUpstreamOptions(name, { ...upstream, baseUrl }));
  }
  for (const [key, route] of Object.entries(document.routes ?? {}))
    if (!ROUTE_KEY.test(key)) problems.push(`${routePath(key)}: must be "METHOD /path" or "Query field"`);
    else if (Array.isArray(route.rateLimit))
      collect(problems, () =>
        defineRateLimitPolicies(route.rateLimit as never, `${routePath(key)}.rateLimit`),
      );
  return problems;
}

function collect(problems: string[], check: () => unknown): void {
  try {
    check();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
}

/** The URL of an upstream's first instance, if it lists any. */
export function firstUrl(instances: UpstreamPolicy['instances']): string | undefined {
  const first = instances?.[0];
  return typeof first === 'string' ? first : first?.url;
}

/** `routes["GET /v1/home"]`: a route key as a path. */
export function routePath(key: string): string {
  return `routes[${JSON.stringify(key)}]`;
}

/**
 * The schema's errors, one line per problem: an alternative (`false` or an object) whose object form has
 * errors deeper down reports those alone, and the alternatives that all failed at one place are one line.
 */
function schemaProblems(errors: readonly ErrorObject[]): string[] {
  const isAlternative = (e: ErrorObject) => ['anyOf', 'const', 'type'].includes(e.keyword);
  const deeper = (e: ErrorObject) =>
    errors.some(
      (f) =>
        f.instancePath.startsWith(`${e.instancePath}/`) ||
        (f.instancePath === e.instancePath && !isAlternative(f)),
    );
  const alternatives = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const lines: string[] = [];
  const merged = new Map<string, string[]>();
  for (const error of errors) {
    if (isAlternative(error) && alternatives.has(error.instancePath)) {
      if (deeper(error) || error.keyword === 'anyOf') continue;
      const line = describeSchemaError(error);
      const [at, message] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
      merged.set(at, [...(merged.get(at) ?? []), message.replace(/^must be /, '')]);
      continue;
    }
    lines.push(describeSchemaError(error));
  }
  for (const [at, options] of merged) lines.push(`${at}: must be ${options.join(' or ')}`);
  return [...new Set(lines)];
}

/** One schema error as `upstreams.catalog.retry.budgetRatio: must be <= 1`. */
function describeSchemaError(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1).map(unescapePointer);
  let at = '';
  for (const [i, segment] of segments.entries()) {
    if (segments[i - 1] === 'routes' && i === 1) at += `[${JSON.stringify(segment)}]`;
    else if (/^\d+$/.test(segment)) at += `[${segment}]`;
    else at += at ? `.${segment}` : segment;
  }
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const field = String(params.additionalProperty);
    const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
    return `${at ? `${at}.${field}` : field}: is not a known field${known.length ? ` (${known.join(', ')})` : ''}`;
  }
  const message =
    error.keyword === 'const'
      ? `must be ${JSON.stringify(params.allowedValue)}`
      : error.keyword === 'type'
        ? `must be ${params.type === 'integer' ? 'an integer' : `a ${String(params.type)}`}`
        : (error.message ?? 'is invalid');
  return `${at || '(file)'}: ${message}`;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}
