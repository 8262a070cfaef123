import { ADMISSION_ORDER, type AdmissionContext, type AdmissionStep } from '@bff/core';
import { clientIpOf } from './client-ip';
import { IpShield } from './ip-shield';
import { RATE_LIMIT_KEY } from './rate-limit.constants';
import type { RateLimitMetadata } from './rate-limit.decorators';
import { RateLimitedError } from './rate-limit.errors';
import type { RateLimitHeaderOptions } from './rate-limit.headers';

/**
 * The admission step of the per-IP shield (order {@link ADMISSION_ORDER}.shield, before authentication): an
 * address that spent its budget of failed or anonymous attempts is refused with 429 at once; `settle` charges
 * every attempt that ended without a verified principal. Routes with `@SkipRateLimit()` (health, metrics) are
 * neither refused nor charged.
 * @throws RateLimitedError (BFF_ERR_RATE_LIMITED, 429) with the `shield` policy's headers.
 */
export class ShieldStep implements AdmissionStep {
  readonly name = 'rate-limit-shield';
  readonly order = ADMISSION_ORDER.shield;

  constructor(
    private readonly shield: IpShield,
    private readonly headerOptions: RateLimitHeaderOptions = {},
  ) {}

  admit(ctx: AdmissionContext): void {
    if (skipped(ctx)) return;
    const ip = clientIpOf(ctx.request);
    const wait = this.shield.blockedFor(ip);
    if (wait > 0) throw new RateLimitedError(this.shield.refusal(ip, wait), this.headerOptions);
  }

  settle(ctx: AdmissionContext, error: unknown): void {
    if (ctx.principal !== undefined || skipped(ctx)) return;
    if (error instanceof RateLimitedError && error.violatedPolicies[0] === 'shield') return;
    this.shield.charge(clientIpOf(ctx.request));
  }
}

function skipped(ctx: AdmissionContext): boolean {
  return ctx.route.get<RateLimitMetadata>(RATE_LIMIT_KEY)?.skip === true;
}
