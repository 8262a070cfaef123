/** What replaces a secret in a log line. */
export const REDACTED = '[redacted]';

/** Keys whose values are never logged, compared lower-cased without `-` and `_`. */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xapikey',
  'apikey',
  'password',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'credentials',
]);
const SECRET_SUFFIX = /(secret|password|apikey|token)$/;
/** A compact JWS/JWT, or what follows `Bearer `, inside any string. */
const TOKEN_IN_TEXT =
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*|\b(Bearer|Basic)\s+[A-Za-z0-9._~+/-]+=*/gi;
const MAX_DEPTH = 8;

function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(k) || SECRET_SUFFIX.test(k);
}

function redactText(text: string): string {
  TOKEN_IN_TEXT.lastIndex = 0;
  return TOKEN_IN_TEXT.test(text)
    ? text.replace(TOKEN_IN_TEXT, (match, scheme?: string) => (scheme ? `${scheme} ${REDACTED}` : REDACTED))
    : text;
}

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redactValue(item, depth + 1);
      if (next !== item) (out ??= [...value])[i] = next;
    });
    return out ?? value;
  }
  return redactObject(value as Record<string, unknown>, depth + 1);
}

function redactObject(object: Record<string, unknown>, depth: number): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const keys = Object.keys(object);
  // An Error's message and stack are not enumerable, yet pino's serializer writes them.
  if (object instanceof Error) keys.push('message', 'stack');
  for (const key of keys) {
    const value = object[key];
    const next =
      isSecretKey(key) && value !== undefined && value !== null ? REDACTED : redactValue(value, depth);
    if (next !== value) {
      out ??= object instanceof Error ? errorCopy(object) : { ...object };
      out[key] = next;
    }
  }
  return out ?? object;
}

function errorCopy(err: Error): Record<string, unknown> {
  return { ...err, type: err.name, message: err.message, stack: err.stack };
}

/**
 * Returns `object` with every secret replaced by `[redacted]`, at any depth (up to 8 levels): values under a
 * credential key (`authorization`, `cookie`, `x-api-key`, `*token`, `*secret`, `*password`, `*apiKey`, ...)
 * and JWTs or `Bearer`/`Basic` credentials inside any string. Copies only what it changes; the caller's object
 * is never modified. pino's `formatters.log` in {@link createLogger}, so it covers every line.
 * @example redactSecrets({ headers: { authorization: 'Bearer eyJ...' } }) // { headers: { authorization: '[redacted]' } }
 */
export function redactSecrets(object: Record<string, unknown>): Record<string, unknown> {
  return redactObject(object, 0);
}
