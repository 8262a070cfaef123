import {
  createRemoteJWKSet,
  errors,
  type CryptoKey,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type RemoteJWKSet,
} from 'jose';
import { AuthUnavailableError } from './auth.errors';
import type { ResolvedJwtIssuerOptions } from './auth-options.validation';

/** Failures of key selection that are the token's fault (unknown or ambiguous `kid`, unusable `alg`). */
const TOKEN_FAULTS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/**
 * Finds the verification key of one issuer. The JWKS location comes from `jwksUrl` or, lazily on first use,
 * from OpenID discovery (so the BFF may start before its identity provider). A failed discovery is retried
 * by the next request; a successful one is kept for the life of the process. Keys are cached by jose's
 * remote JWKS: an unknown `kid` refetches at most once per cooldown, which is what makes key rotation work
 * without a restart.
 *
 * @example
 * const jwks = new JwksResolver(resolveJwtIssuerOptions({ issuer, audience: 'web-bff' }));
 * await jwtVerify(token, jwks.getKey, { issuer });
 * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when discovery or the JWKS cannot be fetched in time.
 */
export class JwksResolver {
  private remote?: RemoteJWKSet;
  private discovering?: Promise<RemoteJWKSet>;

  constructor(private readonly options: ResolvedJwtIssuerOptions) {
    // createRemoteJWKSet does no I/O until the first key is asked for.
    if (options.jwksUrl) this.remote = this.createRemote(options.jwksUrl);
  }

  /** Key resolver in the shape `jwtVerify` accepts. Errors of key selection are jose's; I/O errors are ours. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    const remote = this.remote ?? (await this.discover());
    try {
      return await remote(header, token);
    } catch (err) {
      if (TOKEN_FAULTS.some((Fault) => err instanceof Fault)) throw err;
      // Network failure, timeout, non-200, malformed JWKS or unusable keys: the provider's side, not the client's.
      throw new AuthUnavailableError({ cause: err });
    }
  };

  private discover(): Promise<RemoteJWKSet> {
    this.discovering ??= this.fetchJwksUri()
      .then((jwksUrl) => (this.remote = this.createRemote(jwksUrl)))
      .finally(() => (this.discovering = undefined));
    return this.discovering;
  }

  private async fetchJwksUri(): Promise<URL> {
    const { discoveryUrl, issuer, jwksTimeoutMs } = this.options;
    let document: unknown;
    try {
      const response = await fetch(discoveryUrl, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(jwksTimeoutMs),
      });
      if (response.status !== 200) {
        await response.body?.cancel();
        throw new Error(`discovery answered ${response.status}`);
      }
      document = await response.json();
    } catch (cause) {
      throw new AuthUnavailableError({ cause });
    }
    const { issuer: advertised, jwks_uri: jwksUri } = (document ?? {}) as Record<string, unknown>;
    // OpenID Connect Discovery 1.0 §4.3: the document must name the very issuer it was fetched for.
    if (advertised !== issuer) {
      throw new AuthUnavailableError({ cause: new Error('discovery document names a different issuer') });
    }
    try {
      const url = new URL(String(jwksUri));
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('jwks_uri is not http(s)');
      return url;
    } catch (cause) {
      throw new AuthUnavailableError({ cause });
    }
  }

  private createRemote(url: URL): RemoteJWKSet {
    return createRemoteJWKSet(url, {
      timeoutDuration: this.options.jwksTimeoutMs,
      cooldownDuration: this.options.jwksCooldownMs,
      cacheMaxAge: this.options.jwksCacheMaxAgeMs,
    });
  }
}
