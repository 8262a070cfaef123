import {
  ADMISSION_ORDER,
  AdmissionRegistry,
  admissionOf,
  staticRoute,
  ValidationError,
  type AdmissionContext,
  type AdmissionStep,
} from '@bff/core';

const step = (
  name: string,
  order: number,
  admit: AdmissionStep['admit'] = () => undefined,
): AdmissionStep => ({
  name,
  order,
  admit,
});

describe('AdmissionRegistry', () => {
  const route = staticRoute({ 'test:flag': true });

  it('runs steps by order, whatever the registration order, sharing one context', async () => {
    const registry = new AdmissionRegistry();
    const seen: string[] = [];
    registry.register(
      step('limit', ADMISSION_ORDER.rateLimit, (ctx) => void seen.push(`limit:${ctx.principal?.subject}`)),
    );
    registry.register(
      step('auth', ADMISSION_ORDER.authenticate, async (ctx: AdmissionContext) => {
        ctx.principal = { kind: 'user', subject: 'u1', scopes: [], method: 'jwt' };
        seen.push(`auth:${ctx.route.get<boolean>('test:flag')}`);
      }),
    );
    expect(registry.steps.map((s) => s.name)).toEqual(['auth', 'limit']);
    const outcome = await registry.admit({ transport: 'http', request: { headers: {} }, route });
    expect(seen).toEqual(['auth:true', 'limit:u1']);
    expect(outcome.principal?.subject).toBe('u1');
    expect(outcome.error).toBeUndefined();
  });

  it('admits a request once: later calls share the outcome, refusals included', async () => {
    const registry = new AdmissionRegistry();
    const refusal = new ValidationError('no');
    const admit = jest.fn(() => {
      throw refusal;
    });
    registry.register(step('refuse', 1, admit));
    const request = { headers: {} };
    expect(admissionOf(request)).toBeUndefined();
    const [a, b] = await Promise.all([
      registry.admit({ transport: 'graphql', request, route }),
      registry.admit({ transport: 'graphql', request, route }),
    ]);
    expect(a).toBe(b);
    expect(a.error).toBe(refusal);
    expect(await admissionOf(request)).toBe(a);
    expect(admit).toHaveBeenCalledTimes(1);
  });

  it.each<[string, unknown, RegExp]>([
    ['no name', { order: 1, admit: () => undefined }, /needs a name/],
    ['no order', { name: 'x', admit: () => undefined }, /order must be a number/],
    ['no admit', { name: 'x', order: 1 }, /admit must be a function/],
  ])('refuses a step with %s', (_name, candidate, message) => {
    expect(() => new AdmissionRegistry().register(candidate as AdmissionStep)).toThrow(message);
  });

  it('refuses a second step of the same name', () => {
    const registry = new AdmissionRegistry();
    registry.register(step('auth', 1));
    expect(() => registry.register(step('auth', 2))).toThrow(/already registered/);
  });
});
