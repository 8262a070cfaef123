import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JobsService, type JobRun } from '@bff/jobs';
import { OrderRangeApi } from '@bff/upstreams';
import { toPartnerOrderV1 } from '../orders/partner-order.view';

/** Kind of the export job. */
export const ORDERS_EXPORT = 'orders-export';
/** Orders read per upstream page. */
const PAGE = 1000;

/** Input of an export, normalised: ISO instants, `[from, to)`. */
export interface OrdersExportInput {
  from: string;
  to: string;
}

/**
 * The export job: every order of the partner in the range, oldest first, one `PartnerOrderV1` JSON per line
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
    let cursor: string | undefined;
    let done = 0;
    do {
      const page = await this.range.page(job.owner, { from, to, limit: PAGE, cursor });
      for (const order of page.items) await job.write(JSON.stringify(toPartnerOrderV1(order)));
      done += page.items.length;
      await job.progress(done, page.total);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }
}
