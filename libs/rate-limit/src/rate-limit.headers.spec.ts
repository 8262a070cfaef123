import {
  formatRateLimit,
  formatRateLimitPolicy,
  rateLimitHeaders,
  RateLimitedError,
  RateLimitUnavailableError,
  type RateLimitDecision,
  type RateLimitPolicyOutcome,
} from '@bff/rate-limit';
import { policy, windowPolicy } from '../test/policy.builder';

/** Parses a Structured Fields List of string items with integer parameters (enough for the draft's examples). */
function parseList(value: string): [string, Record<string, number>][] {
  return value.split(/\s*,\s*/).map(function parseItem(member) {
    const [item, ...params] = member.trim().split(';');
    return [
      JSON.parse(item),
      Object.fromEntries(params.map((p) => [p.split('=')[0], Number(p.split('=')[1])])),
    ];
  });
}

function outcome(
  overrides: Partial<RateLimitPolicyOutcome> & Pick<RateLimitPolicyOutcome, 'policy'>,
): RateLimitPolicyOutcome {
  return { key: 'user:u1', allowed: true, remaining: 0, resetAfterMs: 0, retryAfterMs: 0, ...overrides };
}

describe('RateLimit-Policy (draft-ietf-httpapi-ratelimit-headers-11 §3)', () => {
  it.each([
    // §3.2 and §3: the draft's own examples (it writes list members with or without the space after the comma).
    ['"default";q=100;w=10', [{ name: 'default', limit: 100, windowMs: 10_000 }]],
    [
      '"permin";q=50;w=60,"perhr";q=1000;w=3600',
      [
        { name: 'permin', limit: 50, windowMs: 60_000 },
        { name: 'perhr', limit: 1000, windowMs: 3_600_000 },
      ],
    ],
    [
      '"burst";q=100;w=60,"daily";q=1000;w=86400',
      [
        { name: 'burst', limit: 100, windowMs: 60_000 },
        { name: 'daily', limit: 1000, windowMs: 86_400_000 },
      ],
    ],
    // Appendix B.3.1, written exactly as we serialize (RFC 9651 §4.1.1: ", " between members).
    [
      '"hour";q=1000;w=3600, "day";q=5000;w=86400',
      [
        { name: 'hour', limit: 1000, windowMs: 3_600_000 },
        { name: 'day', limit: 5000, windowMs: 86_400_000 },
      ],
    ],
  ])('matches the draft example %s', (example, policies) => {
    const header = formatRateLimitPolicy(policies);
    expect(parseList(header)).toEqual(parseList(example));
    expect(header).toBe(example.replace(/,(?! )/g, ', '));
  });

  it('escapes quotes and backslashes in a Structured Fields String', () => {
    expect(formatRateLimitPolicy([{ name: 'a"b\\c', limit: 1, windowMs: 1000 }])).toBe(
      '"a\\"b\\\\c";q=1;w=1',
    );
  });
});

describe('RateLimit (draft-ietf-httpapi-ratelimit-headers-11 §4)', () => {
  it.each([
    ['"default";r=50;t=30', 'default', 50, 30_000],
    ['"basic";r=60;t=58', 'basic', 60, 57_001],
    ['"dayLimit";r=100;t=36000', 'dayLimit', 100, 36_000_000],
  ])(
    'matches the draft example %s (t rounded up to whole seconds)',
    (example, name, remaining, resetAfterMs) => {
      const p = policy({ name, limit: 1000, windowMs: 86_400_000 });
      expect(formatRateLimit([outcome({ policy: p, remaining, resetAfterMs })])).toBe(example);
    },
  );

  it('gives a violated policy t = its retry time, so Retry-After is never earlier than t', () => {
    const p = policy({ name: 'default', limit: 10, windowMs: 60_000 });
    expect(
      formatRateLimit([
        outcome({ policy: p, allowed: false, remaining: 0, resetAfterMs: 60_000, retryAfterMs: 4200 }),
      ]),
    ).toBe('"default";r=0;t=5');
  });
});

describe('rateLimitHeaders and the errors', () => {
  const burst = policy({ name: 'burst', limit: 100, windowMs: 60_000 });
  const daily = windowPolicy({ name: 'daily', limit: 10_000, windowMs: 86_400_000 });
  const admitted: RateLimitDecision = {
    allowed: true,
    retryAfterMs: 0,
    degraded: false,
    outcomes: [
      outcome({ policy: burst, remaining: 42, resetAfterMs: 17_400 }),
      outcome({ policy: daily, remaining: 9000, resetAfterMs: 86_400_000 }),
    ],
  };
  const rejected: RateLimitDecision = {
    allowed: false,
    retryAfterMs: 1200,
    degraded: false,
    outcomes: [
      outcome({ policy: burst, allowed: false, remaining: 0, resetAfterMs: 60_000, retryAfterMs: 1200 }),
      outcome({ policy: daily, remaining: 9000, resetAfterMs: 86_400_000 }),
    ],
  };

  it('formats an admitted decision as in the issue', () => {
    expect(rateLimitHeaders(admitted)).toEqual({
      'RateLimit-Policy': '"burst";q=100;w=60, "daily";q=10000;w=86400',
      RateLimit: '"burst";r=42;t=18, "daily";r=9000;t=86400',
    });
    expect(rateLimitHeaders({ ...admitted, outcomes: [] })).toEqual({});
  });

  it('adds the legacy trio of the most constrained policy only when asked', () => {
    expect(rateLimitHeaders(admitted, { legacyHeaders: true })).toMatchObject({
      'X-RateLimit-Limit': '100',
      'X-RateLimit-Remaining': '42',
      'X-RateLimit-Reset': '18',
    });
    expect(rateLimitHeaders(rejected, { legacyHeaders: true })).toMatchObject({
      'X-RateLimit-Remaining': '0',
    });
  });

  it('RateLimitedError: 429, Retry-After in seconds rounded up, the RateLimit headers', () => {
    const err = new RateLimitedError(rejected);
    expect(err).toMatchObject({
      code: 'BFF_ERR_RATE_LIMITED',
      status: 429,
      name: 'RateLimitedError',
      violatedPolicies: ['burst'],
      retryAfterSeconds: 2,
      neverAllowed: false,
    });
    expect(err.headers).toEqual({
      'Retry-After': '2',
      'RateLimit-Policy': '"burst";q=100;w=60, "daily";q=10000;w=86400',
      RateLimit: '"burst";r=0;t=2, "daily";r=9000;t=86400',
    });
    expect(err.message).toBe('Rate limit "burst" exceeded; retry in 2 s');
  });

  it('RateLimitedError says when the cost can never pass', () => {
    const never: RateLimitDecision = {
      ...rejected,
      retryAfterMs: Infinity,
      outcomes: [outcome({ policy: burst, allowed: false, remaining: 100, retryAfterMs: Infinity })],
    };
    const err = new RateLimitedError(never);
    expect(err.neverAllowed).toBe(true);
    expect(err.message).toContain('will never pass');
    expect(err.headers['Retry-After']).toBe('60');
  });

  it('RateLimitUnavailableError: 503 with Retry-After', () => {
    expect(new RateLimitUnavailableError({ retryAfterMs: 4001 })).toMatchObject({
      code: 'BFF_ERR_RATE_LIMIT_UNAVAILABLE',
      status: 503,
      headers: { 'Retry-After': '5' },
    });
    expect(new RateLimitUnavailableError().headers).toEqual({ 'Retry-After': '1' });
  });
});
