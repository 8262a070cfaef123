import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwksCache,
  type CryptoKey,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
  type RemoteJWKSet,
} from 'jose';
import { AuthUnavailableError } from './auth.errors';
import type { ResolvedJwtIssuerOptions } from './auth-options.validation';

/** Failures of key selection that are the token's fault (unknown or ambiguous `kid`, unusable `alg`). */
const TOKEN_FAULTS = [errors.JWKSNoMatchingKey, errors.JWKSMultipleMatchingKeys, errors.JOSENotSupported];

/** The last failure to fetch an issuer's discovery document or JWKS. */
export interface JwksFailure {
  /** When it happened, in epoch milliseconds. */
  readonly at: number;
  /** Which fetch failed. */
  readonly during: 'discovery' | 'jwks';
  /** The underlying failure's message (for operators; never rendered to API clients). */
  readonly message: string;
}

/**
 * What an issuer's key set looks like now, for health checks and a status page (jose's remote key set exposes
 * `fresh`, `coolingDown` and `reloading`; this adds when it last worked and what last failed).
 */
export interface JwksState {
  /** Whether the JWKS location is known (configured, or found by discovery). */
  readonly located: boolean;
  /** Whether the cached key set is within `jwksCacheMaxAgeMs` of its fetch. */
  readonly fresh: boolean;
  /** Whether an unknown `kid` would wait for the cooldown before refetching. */
  readonly coolingDown: boolean;
  /** Whether a fetch is in flight. */
  readonly reloading: boolean;
  /**
   * Whether tokens are verified against the last good key set past its freshness because the JWKS endpoint
   * fails (stale-if-error, bounded by `jwksStaleMaxAgeMs`).
   */
  readonly stale: boolean;
  /** Number of keys in the cached set (0 before the first fetch). */
  readonly keys: number;
  /** When the key set was last fetched successfully, in epoch milliseconds; undefined before that. */
  readonly lastFetchAt?: number;
  /** The last failure, if any (compare its `at` with `lastFetchAt` to know whether it still holds). */
  readonly lastError?: JwksFailure;
}

/** What jose writes after every successful fetch when given a `jwksCache` object. */
interface FetchRecord {
  uat?: number;
  jwks?: JSONWebKeySet;
}

type LocalKeySet = ReturnType<typeof createLocalJWKSet>;

/**
 * Finds the verification key of one issuer. The JWKS location comes from `jwksUrl` or, lazily on first use,
 * from OpenID discovery (so the BFF may start before its identity provider). A failed discovery is retried
 * by the next request; a successful one is kept for the life of the process. Keys are cached by jose's
 * remote JWKS: an unknown `kid` refetches at most once per cooldown, which is what makes key rotation work
 * without a restart. When the JWKS endpoint fails, the last good key set keeps verifying tokens for
 * `jwksStaleMaxAgeMs` after its fetch (stale-if-error): requests are answered from it at once while a
 * background refetch is tried at most once per cooldown, so a down provider neither refuses every caller nor
 * makes each one wait for a fetch timeout.
 *
 * @example
 * const jwks = new JwksResolver(resolveJwtIssuerOptions({ issuer, audience: 'web-bff' }));
 * await jwtVerify(token, jwks.getKey, { issuer });
 * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when discovery or the JWKS cannot be fetched in time.
 */
export class JwksResolver {
  private remote?: RemoteJWKSet;
  private discovering?: Promise<RemoteJWKSet>;
  private readonly fetched: FetchRecord = {};
  private failure?: JwksFailure;
  /** The last good key set as a local one, built once per fetch (for stale-if-error). */
  private lastGood?: { uat: number; keys: LocalKeySet };
  /** The key set's fetch time when the last failure happened. */
  private uatAtFailure?: number;

  constructor(
    private readonly options: ResolvedJwtIssuerOptions,
    /** Clock for failure times, in epoch milliseconds. Default is `Date.now`. */
    private readonly now: () => number = Date.now,
  ) {
    // createRemoteJWKSet does no I/O until the first key is asked for.
    if (options.jwksUrl) this.remote = this.createRemote(options.jwksUrl);
  }

  /** Key resolver in the shape `jwtVerify` accepts. Errors of key selection are jose's; I/O errors are ours. */
  readonly getKey = async (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<CryptoKey> => {
    const remote = this.remote ?? (await this.discover());
    const stale = remote.fresh ? undefined : this.staleKeys();
    if (stale) {
      // Past freshness: answer from the last good set at once and refetch in the background (once per
      // cooldown while the provider fails). Only a kid it lacks waits for that refetch.
      if (!remote.reloading && !this.inFailureBackoff()) this.reload().catch(() => undefined);
      try {
        return await stale(header, token);
      } catch (err) {
        if (!(err instanceof errors.JWKSNoMatchingKey) || this.inFailureBackoff()) throw err;
      }
    }
    try {
      return await remote(header, token);
    } catch (err) {
      if (TOKEN_FAULTS.some((Fault) => err instanceof Fault)) throw err;
      // Network failure, timeout, non-200, malformed JWKS or unusable keys: the provider's side, not the client's.
      this.recordFailure('jwks', err);
      const fallback = this.staleKeys();
      if (fallback) return fallback(header, token);
      throw new AuthUnavailableError({ cause: err });
    }
  };

  /**
   * The key set's state now (no I/O).
   * @example const { fresh, lastFetchAt, lastError } = resolver.state();
   */
  state(): JwksState {
    const remote = this.remote;
    const { uat, jwks } = this.fetched;
    return {
      located: remote !== undefined,
      fresh: remote?.fresh ?? false,
      coolingDown: remote?.coolingDown ?? false,
      reloading: (remote?.reloading ?? false) || this.discovering !== undefined,
      stale: remote !== undefined && !remote.fresh && this.staleKeys() !== undefined,
      keys: Array.isArray(jwks?.keys) ? jwks.keys.length : 0,
      ...(uat !== undefined ? { lastFetchAt: uat } : {}),
      ...(this.failure ? { lastError: this.failure } : {}),
    };
  }

  /**
   * Resolves when keys can be served now: a fresh key set is enough; otherwise discovery (if needed) and a
   * JWKS fetch run, bypassing the cooldown. For readiness checks.
   * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when discovery or the JWKS fetch fails.
   */
  async checkReady(): Promise<void> {
    const remote = this.remote ?? (await this.discover());
    if (remote.fresh) return;
    try {
      await this.reload();
    } catch (err) {
      // The last good key set still verifies tokens: this instance can serve (state() reports it stale).
      if (this.staleKeys()) return;
      throw err;
    }
  }

  /**
   * Fetches the key set now, bypassing the cooldown (jose's `reload()`).
   * @throws AuthUnavailableError (BFF_ERR_AUTH_UNAVAILABLE) when the fetch fails.
   */
  async reload(): Promise<void> {
    const remote = this.remote ?? (await this.discover());
    try {
      await remote.reload();
    } catch (err) {
      this.recordFailure('jwks', err);
      throw new AuthUnavailableError({ cause: err });
    }
  }

  /** The last good key set while it is within `jwksStaleMaxAgeMs` of its fetch, else undefined. */
  private staleKeys(): LocalKeySet | undefined {
    const { uat, jwks } = this.fetched;
    const { jwksStaleMaxAgeMs } = this.options;
    if (uat === undefined || jwks === undefined || jwksStaleMaxAgeMs === 0) return undefined;
    if (this.now() - uat > jwksStaleMaxAgeMs) return undefined;
    if (this.lastGood?.uat !== uat) this.lastGood = { uat, keys: createLocalJWKSet(jwks) };
    return this.lastGood.keys;
  }

  /** Whether the last fetch failed less than a cooldown ago (no new attempt until then). */
  private inFailureBackoff(): boolean {
    const { failure } = this;
    // A successful fetch since the failure ends the backoff (compared by fetch, as jose stamps `uat` itself).
    if (!failure || this.fetched.uat !== this.uatAtFailure) return false;
    return this.now() - failure.at < this.options.jwksCooldownMs;
  }

  private recordFailure(during: JwksFailure['during'], err: unknown): void {
    const cause = err instanceof AuthUnavailableError && err.cause !== undefined ? err.cause : err;
    const message = cause instanceof Error ? cause.message : String(cause);
    this.failure = Object.freeze({ at: this.now(), during, message: message.slice(0, 200) });
    this.uatAtFailure = this.fetched.uat;
  }

  private discover(): Promise<RemoteJWKSet> {
    this.discovering ??= this.fetchJwksUri()
      .then(
        (jwksUrl) => (this.remote = this.createRemote(jwksUrl)),
        (err: unknown) => {
          this.recordFailure('discovery', err);
          throw err;
        },
      )
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
      // jose records each successful fetch here (`uat`, `jwks`): what state() reports.
      [jwksCache]: this.fetched as Record<string, never>,
    });
  }
}
