import type { Provider } from '@nestjs/common';
import { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from '../observability.module-definition';
import { loadTracing } from './load-tracing';
import type { Tracing } from './tracing.options';

/**
 * The app's {@link Tracing}, or `null` when it does not trace. Inject it to record spans of your own kind of
 * work, or to hand it to a client (`@bff/platform` gives it to every upstream client).
 * @example constructor(@Inject(TRACING) private readonly tracing: Tracing | null) {}
 */
export const TRACING = Symbol('TRACING');

/** Loads the SDK only for an app that traces. */
export const tracingProvider: Provider = {
  provide: TRACING,
  inject: [OBSERVABILITY_OPTIONS],
  useFactory: async function createTracing(options: ObservabilityModuleOptions): Promise<Tracing | null> {
    return options.tracing === undefined ? null : loadTracing(options.tracing);
  },
};
