import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService, type JobRun } from '@bff/jobs';
import { OrderRangeApi } from '@bff/upstreams';
import { toPartnerOrderV1, toPartnerOrderV2 } from '../orders/partner-order.view';
import type { ApiVersion } from './export.schemas';

/** Kind of the export job. */
export const ORDERS_EXPORT = 'orders-export';
/** Orders read per upstream page. */
const PAGE = 1000;

/** Input of an export, normalised: ISO instants, `[from, to)`. */
export interface OrdersExportInput {
  from: string;
  to: string;
  /** The order shape of the lines: the version the export was asked in. Default (older jobs) is v1. */
  version?: ApiVersion;
}

const SHAPES = { '1': toPartnerOrderV1, '2': toPartnerOrderV2 } as const;

/**
 * The export job: every order of the partner in the range, oldest first, one order per line in the shape of
 * the version it was asked in (`PartnerOrderV1` or `PartnerOrderV2`) as JSON
 * (NDJSON), read from the orders upstream a page at a time, reporting progress after each page. Restartable: a
 * new attempt starts from the first page.
 */
@Injectable()
export class OrdersExportJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly range: OrderRangeApi,
  ) {}

  onModuleInit(): void {
    this.jobs.register<OrdersExportInput>({
      kind: ORDERS_EXPORT,
      contentType: 'application/x-ndjson',
      run: (job) => this.run(job),
    });
  }

  private async run(job: JobRun<OrdersExportInput>): Promise<void> {
    const { from, to } = job.input;
    const shape = SHAPES[job.input.version ?? '1'];
    let cursor: string | undefined;
    let done = 0;
    do {
      const page = await this.range.page(job.owner, { from, to, limit: PAGE, cursor });
      for (const order of page.items) await job.write(JSON.stringify(shape(order)));
      done += page.items.length;
      await job.progress(done, page.total);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
}
