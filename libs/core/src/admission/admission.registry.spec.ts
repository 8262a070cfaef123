import {
  ADMISSION_ORDER,
  AdmissionRegistry,
  admissionOf,
  staticRoute,
  ValidationError,
  type AdmissionContext,
  type AdmissionStep,
  type Principal,
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

  describe('admitNow', () => {
    const user: Principal = { kind: 'user', subject: 'u1', scopes: [], method: 'jwt' };

    it('answers without a promise while every step answers synchronously, memoized like admit()', async () => {
      const registry = new AdmissionRegistry();
      registry.register(step('auth', ADMISSION_ORDER.authenticate, (ctx) => void (ctx.principal = user)));
      registry.register(step('limit', ADMISSION_ORDER.rateLimit));
      const request = { headers: {} };
      const outcome = registry.admitNow({ transport: 'http', request, route });
      expect(outcome).not.toBeInstanceOf(Promise);
      expect(outcome).toEqual({ principal: user });
      expect(registry.admitNow({ transport: 'http', request, route })).toBe(outcome);
      await expect(registry.admit({ transport: 'http', request, route })).resolves.toBe(outcome);
      await expect(admissionOf(request)).resolves.toBe(outcome);
    });

    it('turns into a promise at the first asynchronous step and runs the later steps after it', async () => {
      const registry = new AdmissionRegistry();
      const seen: string[] = [];
      registry.register(step('first', 1, () => void seen.push('first')));
      registry.register(step('slow', 2, () => Promise.resolve().then(() => void seen.push('slow'))));
      registry.register(step('last', 3, (ctx) => void seen.push(`last:${ctx.transport}`)));
      const outcome = registry.admitNow({ transport: 'http', request: { headers: {} }, route });
      expect(outcome).toBeInstanceOf(Promise);
      expect(seen).toEqual(['first']);
      await expect(outcome).resolves.toEqual({ principal: undefined });
      expect(seen).toEqual(['first', 'slow', 'last:http']);
    });

    it.each([
      [
        'throws',
        () => {
          throw new ValidationError('no');
        },
      ],
      ['rejects', () => Promise.reject(new ValidationError('no'))],
    ])('never throws when a step %s: the refusal is the outcome', async (_how, admit) => {
      const registry = new AdmissionRegistry();
      registry.register(step('refuse', 1, admit as AdmissionStep['admit']));
      registry.register(
        step('never', 2, () => {
          throw new Error('must not run');
        }),
      );
      const outcome = await registry.admitNow({ transport: 'http', request: { headers: {} }, route });
      expect(outcome.error).toBeInstanceOf(ValidationError);
    });
  });
});
