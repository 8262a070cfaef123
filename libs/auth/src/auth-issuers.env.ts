import { readFileSync } from 'node:fs';
import { ConfigError } from '@bff/core';
import type { JwtIssuerOptions } from './auth-options.interface';
import { resolveJwtIssuerOptions } from './auth-options.validation';

/**
 * One trusted issuer as configured in `AUTH_ISSUERS` (JSON) or `AUTH_ISSUERS_FILE`: the serialisable part of
 * {@link JwtIssuerOptions}.
 * @example
 * { "issuer": "https://acme.eu.auth0.com/", "audience": ["partner-bff"], "algorithms": ["RS256"],
 *   "typ": "at+jwt", "claims": { "scopes": "scope", "clientRules": ["sub@clients"] } }
 */
export type AuthIssuerConfig = Pick<
  JwtIssuerOptions,
  | 'issuer'
  | 'jwksUrl'
  | 'audience'
  | 'algorithms'
  | 'typ'
  | 'claims'
  | 'clockToleranceSec'
  | 'jwksCooldownMs'
  | 'jwksCacheMaxAgeMs'
  | 'jwksStaleMaxAgeMs'
>;

const FIELDS: ReadonlySet<string> = new Set([
  'issuer',
  'jwksUrl',
  'audience',
  'algorithms',
  'typ',
  'claims',
  'clockToleranceSec',
  'jwksCooldownMs',
  'jwksCacheMaxAgeMs',
  'jwksStaleMaxAgeMs',
]);

/**
 * Reads the trusted issuers from `AUTH_ISSUERS` (a JSON array) or the JSON file `AUTH_ISSUERS_FILE` names.
 * Every entry is validated as `AuthModule` would (issuer URL kept exactly as written, trailing `/` included;
 * audiences; algorithms; claim mapping); an entry without `audience` gets `defaultAudience`.
 *
 * @example readIssuersEnv({ AUTH_ISSUERS: '[{"issuer":"https://id.example.com/"}]' }, 'web-bff')
 * @throws ConfigError naming the variable and each bad field, e.g. `AUTH_ISSUERS[1].algorithms: "HS256" is not accepted`
 */
export function readIssuersEnv(
  json: string | undefined,
  file: string | undefined,
  defaultAudience: string,
): AuthIssuerConfig[] | undefined {
  if (json !== undefined && file !== undefined) {
    throw new ConfigError(['AUTH_ISSUERS_FILE: set AUTH_ISSUERS or AUTH_ISSUERS_FILE, not both']);
  }
  const name = json !== undefined ? 'AUTH_ISSUERS' : 'AUTH_ISSUERS_FILE';
  let text = json;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError([
        `AUTH_ISSUERS_FILE: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      ]);
    }
  }
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError([`${name}: must be a JSON array of issuers`]);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new ConfigError([`${name}: must be a non-empty JSON array of issuers`]);
  }
  const problems: string[] = [];
  const issuers = parsed.map((entry: unknown, i): AuthIssuerConfig => {
    const path = `${name}[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${path}: must be an object`);
      return entry as AuthIssuerConfig;
    }
    for (const key of Object.keys(entry))
      if (!FIELDS.has(key)) problems.push(`${path}.${key}: unknown field`);
    const issuer = { audience: defaultAudience, ...(entry as Partial<AuthIssuerConfig>) } as AuthIssuerConfig;
    try {
      resolveJwtIssuerOptions(issuer, path);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
    return issuer;
  });
  const seen = new Set<string>();
  for (const { issuer } of issuers) {
    if (typeof issuer === 'string' && seen.has(issuer))
      problems.push(`${name}: issuer "${issuer}" is listed twice`);
    seen.add(issuer);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return issuers;
}
