import { ADMISSION_ORDER, type AdmissionContext, type AdmissionStep } from '@bff/core';
import { clientIpOf } from './client-ip';
import { IpShield } from './ip-shield';
import { RATE_LIMIT_KEY } from './rate-limit.constants';
import type { RateLimitMetadata } from './rate-limit.decorators';
import { RateLimitedError } from './rate-limit.errors';
import type { RateLimitHeaderOptions } from './rate-limit.headers';

/** Marks a request whose attempt holds a unit of the shield (to give back once authenticated). */
const SHIELDED = Symbol('bff.rateLimit.shielded');

type Shielded = { [SHIELDED]?: boolean };

/**
 * The admission step of the per-IP shield (order {@link ADMISSION_ORDER}.shield, before authentication): each
 * attempt takes a unit of its address's budget, and an address whose budget is spent is refused with 429 at
 * once. {@link ShieldReleaseStep}, right after authentication, gives the unit back when a principal was
 * verified, so only failed and anonymous attempts count. Routes with `@SkipRateLimit()` (health, metrics) are
 * neither refused nor counted.
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
    if (ctx.route.get<RateLimitMetadata>(RATE_LIMIT_KEY)?.skip === true) return;
    const ip = clientIpOf(ctx.request);
    const wait = this.shield.enter(ip);
    if (wait > 0) throw new RateLimitedError(this.shield.refusal(ip, wait), this.headerOptions);
    (ctx.request as Shielded)[SHIELDED] = true;
  }
}

/**
 * Gives the shield's unit back as soon as authentication verified a principal (order
 * {@link ADMISSION_ORDER}.authenticate + 1): an authenticated attempt holds it only while its credentials are
 * checked. A refused attempt never reaches this step and keeps its unit spent.
 */
export class ShieldReleaseStep implements AdmissionStep {
  readonly name = 'rate-limit-shield-release';
  readonly order = ADMISSION_ORDER.authenticate + 1;

  constructor(private readonly shield: IpShield) {}

  admit(ctx: AdmissionContext): void {
    if (ctx.principal === undefined || (ctx.request as Shielded)[SHIELDED] !== true) return;
    this.shield.refund(clientIpOf(ctx.request));
  }
}
