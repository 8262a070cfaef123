import { readFileSync } from 'node:fs';
import type { EnvReader } from '@bff/core';

/** First line of a PEM certificate; a CA file without one is not a bundle. */
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/**
 * Reads a CA bundle file named by a variable (`UPSTREAM_CA_FILE`, `UPSTREAM_<NAME>_CA_FILE`): its PEM text, or
 * undefined when the variable is unset. A file that cannot be read or holds no PEM certificate is a problem
 * naming the variable, so a replica with a wrong path refuses to start instead of failing every https call.
 * @example readEnv(env, { UPSTREAM_CA_FILE: caBundleFile }) // { UPSTREAM_CA_FILE: '-----BEGIN CERTIFICATE-----...' }
 */
export const caBundleFile: EnvReader<string | undefined> = (name, raw, problems) => {
  if (raw === undefined || raw.trim() === '') return undefined;
  let text: string;
  try {
    text = readFileSync(raw.trim(), 'utf8');
  } catch (err) {
    problems.push(`${name}: cannot read "${raw}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
  if (!text.includes(PEM_CERTIFICATE)) {
    problems.push(`${name}: "${raw}" holds no PEM certificate`);
    return undefined;
  }
  return text;
};
