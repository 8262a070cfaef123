import { timingSafeEqual } from 'node:crypto';

/** A registered OAuth 2.0 client of the dev IdP (client-credentials grant). */
export interface DemoClient {
  clientId: string;
  clientSecret: string;
  /** Scopes this client may request; all of them when it asks for none. */
  scopes: readonly string[];
  tenant: string;
  /** Commercial tier, put in the token's tier claim (rate-limit tier policies of the partner-bff). */
  tier: string;
}

/** Demo partner clients. Fixed and public: they exist only in the demo stack. */
export const DEMO_CLIENTS: readonly DemoClient[] = [
  {
    clientId: 'partner-acme',
    clientSecret: 'acme-demo-secret',
    scopes: ['orders:read', 'orders:write', 'products:read'],
    tenant: 'acme',
    tier: 'gold',
  },
  {
    clientId: 'partner-globex',
    clientSecret: 'globex-demo-secret',
    scopes: ['orders:read', 'orders:write', 'products:read'],
    tenant: 'globex',
    tier: 'free',
  },
];

/** Audience of client-credentials tokens when the request names none. */
export const DEFAULT_CLIENT_AUDIENCE = 'partner-bff';

/** Client credentials found in a token request, and how they were sent. */
export interface PresentedCredentials {
  clientId: string;
  clientSecret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

/**
 * Reads client credentials from an `Authorization: Basic` header (RFC 6749 §2.3.1: form-urlencoded id and secret)
 * or from the form body. Returns an error string when malformed or when both methods are used.
 * @example readClientCredentials('Basic cGFydG5lci1hY21lOmFjbWUtZGVtby1zZWNyZXQ=', {})
 */
export function readClientCredentials(
  authorization: string | undefined,
  form: Record<string, string>,
): PresentedCredentials | { error: string } | undefined {
  const basic = authorization && /^Basic\s+(\S+)$/i.exec(authorization.trim());
  if (authorization && !basic) return { error: 'Authorization header must use the Basic scheme' };
  if (basic) {
    if (form.client_secret !== undefined) return { error: 'Use only one client authentication method' };
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { error: 'Malformed Basic credentials' };
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '));
      const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '));
      if (form.client_id !== undefined && form.client_id !== clientId)
        return { error: 'client_id does not match' };
      return { clientId, clientSecret, method: 'client_secret_basic' };
    } catch {
      return { error: 'Malformed Basic credentials' };
    }
  }
  if (form.client_id === undefined) return undefined;
  return { clientId: form.client_id, clientSecret: form.client_secret ?? '', method: 'client_secret_post' };
}

/** The registered client matching these credentials (constant-time secret comparison), or undefined. */
export function authenticateClient(creds: PresentedCredentials): DemoClient | undefined {
  const client = DEMO_CLIENTS.find((c) => c.clientId === creds.clientId);
  if (!client) return undefined;
  const expected = Buffer.from(client.clientSecret);
  const given = Buffer.from(creds.clientSecret);
  return expected.length === given.length && timingSafeEqual(expected, given) ? client : undefined;
}
