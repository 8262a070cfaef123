import type { CredentialStrategy } from './credential-strategy.interface';

/**
 * The credential strategies of a BFF, in the order they are asked. `AuthModule` registers JWT (from its `jwt`
 * options) and any `strategies` it is given; a lib that owns another kind of credential registers its own.
 *
 * @example
 * // in the module of an API-key lib
 * constructor(strategies: CredentialStrategyRegistry, apiKeys: ApiKeyStrategy) { strategies.register(apiKeys); }
 */
export class CredentialStrategyRegistry {
  private list: readonly CredentialStrategy[] = [];

  constructor(initial: readonly CredentialStrategy[] = []) {
    for (const strategy of initial) this.register(strategy);
  }

  /** The registered strategies, in the order they are asked. */
  get strategies(): readonly CredentialStrategy[] {
    return this.list;
  }

  /**
   * Adds a strategy after those already registered.
   * @throws TypeError when it lacks a name, `supports` or `authenticate`, or its name is taken.
   */
  register(strategy: CredentialStrategy): void {
    if (typeof strategy?.name !== 'string' || strategy.name === '') {
      throw new TypeError('a credential strategy needs a name');
    }
    if (typeof strategy.supports !== 'function' || typeof strategy.authenticate !== 'function') {
      throw new TypeError(
        `credential strategy "${strategy.name}": supports and authenticate must be functions`,
      );
    }
    if (this.list.some((s) => s.name === strategy.name)) {
      throw new TypeError(`credential strategy "${strategy.name}" is already registered`);
    }
    this.list = Object.freeze([...this.list, strategy]);
  }
}
