import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, PrincipalKinds, type Principal } from '@bff/auth';
import { Contract } from '@bff/contracts';
import { RateLimitUsage, type PolicyUsage } from '@bff/rate-limit';
import { Type, type Static } from '@sinclair/typebox';
import { partnerIdOf } from '../partner.principal';

const Policy = Type.Object({
  name: Type.String({ examples: ['daily'] }),
  algorithm: Type.Union([Type.Literal('gcra'), Type.Literal('sliding-window')]),
  limit: Type.Integer({ description: 'Requests per window.' }),
  windowSeconds: Type.Integer(),
  burst: Type.Integer({ description: 'Requests at once.' }),
  remaining: Type.Integer({ minimum: 0, description: 'Requests you may make now.' }),
  used: Type.Integer({ minimum: 0, description: 'Requests that still count against the policy.' }),
  resetSeconds: Type.Integer({
    minimum: 0,
    description: 'Seconds until the whole policy is available again.',
  }),
});

/** `GET /v1/usage`, `GET /v2/usage`. */
export const PartnerUsage = Type.Object({
  partner: Type.String({ examples: ['partner-acme'] }),
  tier: Type.Union([Type.String(), Type.Null()], { description: 'Your tier; null is the free policies.' }),
  enabled: Type.Boolean({ description: 'False when rate limiting is off on this deployment.' }),
  degraded: Type.Boolean({
    description: 'True when the shared counters were unavailable and this instance answered from its own.',
  }),
  daily: Type.Union([Policy, Type.Null()], { description: 'The daily quota (also in `policies`).' }),
  policies: Type.Array(Policy),
});
export type PartnerUsage = Static<typeof PartnerUsage>;

const DAILY: PolicyUsage = {
  name: 'daily',
  algorithm: 'sliding-window',
  limit: 1_000_000,
  windowSeconds: 86_400,
  burst: 1_000_000,
  remaining: 999_958,
  used: 42,
  resetSeconds: 86_400,
};
const EXAMPLE: PartnerUsage = {
  partner: 'partner-acme',
  tier: 'gold',
  enabled: true,
  degraded: false,
  daily: DAILY,
  policies: [
    {
      name: 'minute',
      algorithm: 'gcra',
      limit: 6000,
      windowSeconds: 60,
      burst: 600,
      remaining: 598,
      used: 2,
      resetSeconds: 1,
    },
    DAILY,
  ],
};

/**
 * The calling partner's quota: its tier's policies with what is left of each, read without spending anything.
 * This request itself is counted before the answer is read, as every request is. The same in v1 and v2.
 */
@Controller({ path: 'usage', version: ['1', '2'] })
@PrincipalKinds('client')
export class PartnerUsageController {
  constructor(private readonly usage: RateLimitUsage) {}

  @Get()
  @Contract({
    operationId: 'getUsage',
    summary: 'Your current quota use and limits',
    description: 'Each policy as in the `RateLimit-Policy` header; this request is already counted.',
    tags: ['usage'],
    responses: { 200: { schema: PartnerUsage, example: EXAMPLE } },
  })
  async get(@CurrentPrincipal() principal: Principal): Promise<PartnerUsage> {
    const usage = await this.usage.of(principal);
    return {
      partner: partnerIdOf(principal),
      tier: principal.tier ?? null,
      enabled: usage.enabled,
      degraded: usage.degraded,
      daily: usage.policies.find((policy) => policy.name === 'daily') ?? null,
      policies: usage.policies,
    };
  }
}
