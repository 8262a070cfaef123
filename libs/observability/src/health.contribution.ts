import type { FactoryProvider, InjectionToken, OptionalFactoryDependency } from '@nestjs/common';
import { HealthRegistry } from './health.registry';

/** What {@link contributeHealth} needs. */
export interface HealthContribution {
  /**
   * Tokens resolved and passed to `contribute` after the registry, in this order; `{ token, optional: true }`
   * passes undefined when the token is not provided.
   */
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  /** Registers checks and status contributors; runs once, when the providers are created. */
  contribute: (health: HealthRegistry, ...deps: never[]) => void;
}

let contributions = 0;

/**
 * A provider through which a lib registers its readiness checks and status contributors with the
 * {@link HealthRegistry}, from its own module, without a central list. Without `ObservabilityModule` in the
 * app it does nothing, so the lib still works alone.
 *
 * @example
 * // in a lib's @Module({ providers: [...] }): one line per contribution
 * contributeHealth({
 *   inject: [KeySetState],
 *   contribute: (health, keys: KeySetState) => health.addCheck({ name: 'jwks', check: () => keys.ready() }),
 * })
 */
export function contributeHealth(contribution: HealthContribution): FactoryProvider {
  const deps = contribution.inject ?? [];
  return {
    provide: Symbol(`health contribution ${++contributions}`),
    inject: [{ token: HealthRegistry, optional: true }, ...deps],
    useFactory: function registerHealthContribution(
      health: HealthRegistry | undefined,
      ...values: unknown[]
    ) {
      if (health)
        (contribution.contribute as (h: HealthRegistry, ...d: unknown[]) => void)(health, ...values);
      return true;
    },
  };
}
