import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

let sharedFirstKey: Promise<TestKey> | undefined;

/** A signing key of the test identity provider. */
export interface TestKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A tiny identity provider for specs: real keys, a real HTTP server on 127.0.0.1 serving OpenID discovery
 * and a JWKS, with counters and a switch to make it hang. Close it in `afterAll`.
 * @example
 * const idp = await TestIdp.start();
 * const token = await idp.sign({ sub: 'u1', aud: 'web-bff' });
 */
export class TestIdp {
  /** Keys served in the JWKS, in order. */
  published: TestKey[] = [];
  /** How many times each path was requested (answered or, while `hang`, not). */
  readonly hits = { discovery: 0, jwks: 0 };
  /** When true, requests are accepted but never answered. */
  hang = false;
  /** When set, discovery advertises this issuer instead of the real one. */
  advertisedIssuer?: string;

  /** `http://127.0.0.1:<port>` (or with a trailing `/`), known once started. */
  issuer = '';
  private readonly server: Server = createServer((req, res) => this.handle(req, res));

  private constructor() {}

  get jwksUrl(): string {
    return `${this.issuer.replace(/\/$/, '')}/.well-known/jwks.json`;
  }

  /**
   * Starts on `port` (0: a free one) and publishes one RS256 key. With `trailingSlash`, the issuer identifier
   * ends in `/` (as Auth0's do): `http://127.0.0.1:<port>/`.
   */
  static async start(port = 0, options: { trailingSlash?: boolean } = {}): Promise<TestIdp> {
    const idp = new TestIdp();
    await new Promise<void>((resolve) => idp.server.listen(port, '127.0.0.1', resolve));
    idp.issuer = `http://127.0.0.1:${(idp.server.address() as AddressInfo).port}${options.trailingSlash ? '/' : ''}`;
    // RSA generation is slow: every provider of a run shares one first key (each is still its own issuer).
    sharedFirstKey ??= TestIdp.generateKey('RS256', 'k1');
    idp.published.push(await sharedFirstKey);
    return idp;
  }

  /** A free port nobody listens on (for "provider down" cases). */
  static async closedPort(): Promise<number> {
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  /** A new key pair, not published. */
  static async generateKey(
    alg = 'RS256',
    kid = `k-${Math.random().toString(36).slice(2)}`,
  ): Promise<TestKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    return { kid, alg, privateKey, publicKey, publicJwk };
  }

  /** The first published key. */
  get key(): TestKey {
    return this.published[0];
  }

  /**
   * Signs `claims` (defaults: `iss` = this issuer, `iat` now, `exp` in 10 minutes) with `key`.
   * Pass `exp: undefined` explicitly to omit it.
   */
  async sign(
    claims: JWTPayload,
    key: TestKey = this.key,
    header: Record<string, unknown> = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const body: JWTPayload = { iss: this.issuer, iat: now, exp: now + 600, ...claims };
    for (const name of Object.keys(body)) if (body[name] === undefined) delete body[name];
    return new SignJWT(body)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })
      .sign(key.privateKey);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/.well-known/openid-configuration') this.hits.discovery++;
    if (req.url === '/.well-known/jwks.json') this.hits.jwks++;
    if (this.hang) return; // counted, left open; closeAllConnections() ends it
    if (req.url === '/.well-known/openid-configuration') {
      return json(res, { issuer: this.advertisedIssuer ?? this.issuer, jwks_uri: this.jwksUrl });
    }
    if (req.url === '/.well-known/jwks.json') {
      return json(res, { keys: this.published.map((k) => k.publicJwk) });
    }
    res.writeHead(404).end();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
