import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, systemClock, type Principal } from '@bff/core';
import { HealthRegistry, type RenderedPanel } from '../health.registry';
import type { ReadinessReport } from '../health.types';
import { OBSERVABILITY_OPTIONS, type ObservabilityModuleOptions } from '../observability.module-definition';
import { renderStatusPage } from './status-page.html';

/** The scope that opens the status data outside the demo stack (`STATUS_PAGE=protected`). */
export const STATUS_SCOPE = 'bff:status';

/** Body of `GET /status/data`: what the status page renders. */
export interface StatusData {
  service: string;
  /** The readiness status (`ok`, `degraded`, `unavailable`), from the cached readiness run. */
  status: ReadinessReport['status'];
  /** When the data was computed, in epoch milliseconds. */
  generatedAt: number;
  /** Time (in milliseconds) the rates, error rates and p99s cover. */
  windowMs: number;
  panels: RenderedPanel[];
}

/** The status page and its data, for the status controllers. */
@Injectable()
export class StatusView {
  /** The page, rendered once (it holds no data). */
  readonly html: string;
  private readonly windowMs: number;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ObservabilityModuleOptions,
    private readonly health: HealthRegistry,
  ) {
    this.html = renderStatusPage({
      service: options.serviceName,
      refreshMs: options.statusRefreshMs ?? 2000,
    });
    this.windowMs = options.statusWindowMs ?? 60_000;
  }

  /**
   * The data now: readiness (cached, as probes read it) and every registered panel.
   * @throws ForbiddenError (BFF_ERR_FORBIDDEN, 403) when `requireScope` and the principal lacks `bff:status`
   */
  async data(principal: Principal | undefined, requireScope: boolean): Promise<StatusData> {
    if (requireScope && !(principal?.scopes.includes(STATUS_SCOPE) ?? false))
      throw new ForbiddenError(`The status data needs the scope ${STATUS_SCOPE}.`);
    const report = await this.health.ready();
    return {
      service: this.options.serviceName,
      status: report.status,
      generatedAt: (this.options.clock ?? systemClock).epochMs(),
      windowMs: this.windowMs,
      panels: this.health.panels(),
    };
  }
}
