import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InternalError } from '@bff/core';
import { DOWNSTREAM_MODULE_OPTIONS } from './downstream.module-definition';
import {
  resolveUpstreamOptions,
  validateDownstreamOptions,
  type DownstreamModuleOptions,
} from './downstream.options';
import { ResilienceRegistry } from './resilience.registry';
import { UpstreamClient } from './upstream.client';

/**
 * The configured upstream clients, one undici dispatcher each, created once at startup and closed on shutdown.
 * @example
 * constructor(registry: DownstreamRegistry) { this.users = registry.get('users'); }
 * @throws ConfigError (BFF_ERR_CONFIG) at construction when the options are invalid
 */
@Injectable()
export class DownstreamRegistry implements OnApplicationShutdown {
  private readonly clients = new Map<string, UpstreamClient>();
  /** Every upstream's breakers, bulkheads and retry budget (health and metrics read it). */
  readonly resilience: ResilienceRegistry;

  constructor(@Inject(DOWNSTREAM_MODULE_OPTIONS) options: DownstreamModuleOptions) {
    validateDownstreamOptions(options);
    this.resilience = new ResilienceRegistry({ clock: options.clock });
    const log = new Logger('Downstream');
    this.resilience.onStateChange(function logStateChange(change) {
      const open = change.openMs === undefined ? '' : ` for ${change.openMs} ms`;
      const line = `circuit breaker ${change.name}: ${change.from} -> ${change.to}${open} (${change.reason})`;
      if (change.to === 'open') log.warn(line);
      else log.log(line);
    });
    const shared = {
      resilience: this.resilience,
      propagateIdentity: options.propagateIdentity,
      onCall: options.onCall,
      policies: options.policies,
      clock: options.clock,
      responseCache: options.responseCache,
      tracer: options.tracer,
    };
    for (const [name, upstream] of Object.entries(options.upstreams)) {
      this.clients.set(name, new UpstreamClient(name, resolveUpstreamOptions(name, upstream), shared));
    }
  }

  /**
   * The client of the upstream configured under `name`.
   * @example registry.get('catalog').get<Product>('/products/p1')
   * @throws InternalError (BFF_ERR_INTERNAL) when no upstream has that name (a programming error)
   */
  get(name: string): UpstreamClient {
    const client = this.clients.get(name);
    if (!client) {
      throw new InternalError(
        `Unknown upstream "${name}"; configured: ${[...this.clients.keys()].join(', ') || 'none'}`,
      );
    }
    return client;
  }

  /** Names of every configured upstream (for health checks). */
  names(): string[] {
    return [...this.clients.keys()];
  }

  /** Closes every dispatcher, letting in-flight calls finish. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((client) => client.close()));
  }
}
