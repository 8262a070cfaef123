import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, JWK } from 'jose';

/** Default time a replaced signing key stays in the JWKS, in milliseconds: 600000 (10 minutes). */
export const DEFAULT_KEY_ROTATION_GRACE_MS = 600_000;

/** A private key as jose generates it (a WebCrypto key). */
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface KeyEntry {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
  /** When this key stopped signing (ms since epoch); undefined for the current key. */
  retiredAt?: number;
}

/**
 * The IdP's RS256 signing keys: one current key plus the keys it replaced, each published until the grace
 * period after its retirement ends, so tokens signed before a rotation keep verifying.
 * @example const ring = await SigningKeyRing.create(); const { kid, privateKey } = ring.current();
 */
export class SigningKeyRing {
  private keys: KeyEntry[] = [];

  private constructor(
    private readonly graceMs: number,
    private readonly now: () => number,
  ) {}

  /** Creates a ring holding one fresh key. `graceMs` in milliseconds, default 600000. */
  static async create(
    graceMs = DEFAULT_KEY_ROTATION_GRACE_MS,
    now: () => number = Date.now,
  ): Promise<SigningKeyRing> {
    const ring = new SigningKeyRing(graceMs, now);
    await ring.rotate();
    return ring;
  }

  /** The key that signs new tokens. */
  current(): { kid: string; privateKey: PrivateKey } {
    return this.keys[this.keys.length - 1];
  }

  /** Generates a new signing key; the previous one stays published for the grace period. Returns the new kid. */
  async rotate(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomBytes(12).toString('base64url');
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const retiredAt = this.now();
    for (const key of this.keys) key.retiredAt ??= retiredAt;
    this.keys.push({ kid, privateKey, publicJwk });
    this.prune();
    return kid;
  }

  /** The JWKS document: the current key first, then the retired keys still within their grace period. */
  jwks(): { keys: JWK[] } {
    this.prune();
    return { keys: [...this.keys].reverse().map((key) => key.publicJwk) };
  }

  private prune(): void {
    const cutoff = this.now() - this.graceMs;
    this.keys = this.keys.filter((key) => key.retiredAt === undefined || key.retiredAt > cutoff);
  }
}
