import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** The version of the policy file format this build reads (`version: 1`). */
export const POLICY_FORMAT_VERSION = 1;

const strict = { additionalProperties: false } as const;
const ms = (description: string) => Type.Optional(Type.Integer({ minimum: 1, description }));
const count = (minimum: number, description: string) => Type.Optional(Type.Integer({ minimum, description }));
const ratio = (description: string) => Type.Optional(Type.Number({ minimum: 0, maximum: 1, description }));
const route = Type.String({ pattern: '^/', description: 'a path; `*` stands for one segment' });
const operations = Type.Optional(
  Type.Array(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }), {
    description: 'operations with their own',
  }),
);
const orOff = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([Type.Literal(false), schema]));
const httpUrl = Type.String({ pattern: '^https?://', description: 'absolute http(s) URL' });

/** One upstream's policy: the fields of `UpstreamOptions` (`@bff/downstream`) that are data, same names. */
export const UpstreamPolicySchema = Type.Object(
  {
    baseUrl: Type.Optional(httpUrl),
    instances: Type.Optional(
      Type.Array(
        Type.Union([
          httpUrl,
          Type.Object(
            {
              url: httpUrl,
              weight: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
              version: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' })),
            },
            strict,
          ),
        ]),
        { minItems: 1 },
      ),
    ),
    canary: Type.Optional(
      Type.Object(
        {
          version: Type.String({ pattern: '^[A-Za-z0-9_.-]{1,64}$' }),
          percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          header: Type.Optional(
            Type.Object(
              {
                name: Type.String({ pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$" }),
                value: Type.Optional(Type.String()),
              },
              strict,
            ),
          ),
        },
        strict,
      ),
    ),
    dns: orOff(Type.Object({ ttlMs: ms('answer reused for this long') }, strict)),
    connections: count(1, 'sockets per instance'),
    connectTimeoutMs: ms('TCP connect'),
    headersTimeoutMs: ms('response headers'),
    bodyTimeoutMs: ms('silence between body chunks'),
    keepAliveTimeoutMs: ms('idle socket kept'),
    maxResponseBytes: count(1, 'largest body'),
    unavailableRetryAfterSec: count(1, 'Retry-After of a 503'),
    breaker: orOff(
      Type.Object(
        {
          failureRate: ratio('share of failed calls that opens it'),
          slowCallRate: ratio('share of slow calls that opens it'),
          slowCallMs: ms('a slow call'),
          minimumCalls: count(1, 'calls before it may open'),
          consecutiveTimeouts: count(0, 'timeouts in a row that open it (0 = off)'),
          windowMs: ms('rolling window'),
          openMs: ms('first open interval'),
          maxOpenMs: ms('longest open interval'),
          halfOpenProbes: count(1, 'probes while half-open'),
          operations,
        },
        strict,
      ),
    ),
    bulkhead: orOff(
      Type.Object(
        { maxConcurrent: count(1, 'attempts in flight'), maxQueue: count(0, 'attempts queued'), operations },
        strict,
      ),
    ),
    retry: orOff(
      Type.Object(
        {
          retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
          baseDelayMs: ms('first backoff ceiling'),
          maxDelayMs: ms('largest backoff ceiling'),
          budgetRatio: ratio('share of recent calls that may be retries'),
          minRetriesPerSec: count(0, 'retries always allowed per second'),
          budgetWindowMs: Type.Optional(Type.Integer({ minimum: 1000 })),
          minAttemptMs: count(0, 'least budget left for a retry'),
        },
        strict,
      ),
    ),
    outlierEjection: Type.Optional(
      Type.Object(
        {
          consecutiveFailures: count(1, 'failures in a row that eject'),
          baseEjectionMs: ms('first ejection'),
          maxEjectionMs: ms('longest ejection'),
          maxEjectedPercent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
        },
        strict,
      ),
    ),
    coalesce: Type.Optional(Type.Boolean()),
    cache: orOff(
      Type.Object(
        { routes: Type.Optional(Type.Array(route)), shared: Type.Optional(Type.Boolean()) },
        strict,
      ),
    ),
    hedge: orOff(
      Type.Object(
        {
          delayMs: Type.Union([Type.Integer({ minimum: 0, maximum: 60_000 }), Type.Literal('p95')]),
          fallbackDelayMs: count(0, 'delay of a p95 hedge before enough answers'),
          minDelayMs: count(0, 'shortest p95 delay'),
          routes: Type.Optional(Type.Array(route)),
        },
        strict,
      ),
    ),
  },
  strict,
);

/** A rate-limit policy as `@RateLimit()` takes it (`RateLimitPolicy` in `@bff/rate-limit`). */
const RateLimitPolicySchema = Type.Object(
  {
    name: Type.String(),
    algorithm: Type.Union([Type.Literal('gcra'), Type.Literal('sliding-window')]),
    limit: Type.Integer({ minimum: 1 }),
    windowMs: Type.Integer({ minimum: 1000 }),
    burst: count(1, 'GCRA: units at once'),
    onStoreFailure: Type.Optional(Type.Union([Type.Literal('fail-open'), Type.Literal('fail-closed')])),
  },
  strict,
);

/** One route's policy: what its decorators would say (`@RateLimit`/`@SkipRateLimit`, `@Public`/`@Scopes`). */
export const RoutePolicySchema = Type.Object(
  {
    rateLimit: Type.Optional(
      Type.Union([Type.Literal('skip'), Type.Array(RateLimitPolicySchema, { minItems: 1 })]),
    ),
    auth: Type.Optional(
      Type.Object(
        {
          public: Type.Optional(Type.Boolean()),
          optional: Type.Optional(Type.Boolean()),
          scopes: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
        },
        strict,
      ),
    ),
  },
  strict,
);

/** A route key: `GET /v1/home`, `POST /v1/orders`, `Query viewer` (checked by `policyProblems`). */
export const ROUTE_KEY =
  /^(?:(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \/\S*|(?:Query|Mutation|Subscription) \w+)$/;

/** The whole file (`config/<app>.policy.yaml`). */
export const PolicyDocumentSchema = Type.Object(
  {
    version: Type.Literal(POLICY_FORMAT_VERSION),
    app: Type.String({ minLength: 1 }),
    upstreams: Type.Optional(Type.Record(Type.String(), UpstreamPolicySchema)),
    routes: Type.Optional(Type.Record(Type.String(), RoutePolicySchema)),
  },
  strict,
);

export type UpstreamPolicy = Static<typeof UpstreamPolicySchema>;
export type RoutePolicy = Static<typeof RoutePolicySchema>;
export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
