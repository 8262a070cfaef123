import { signForeignToken, TestIdp } from '@bff/testing';
import { loadConfig } from '../apps/mobile-bff/src/config';
import { MobileBffModule } from '../apps/mobile-bff/src/mobile-bff.module';
import { expectProblem, startBff, type CallResult, type RunningBff } from './support/bff-harness';

/** What a client can see of a refusal: everything but the request id. */
const visible = (res: CallResult) => ({
  status: res.status,
  challenge: res.headers['www-authenticate'],
  body: { ...res.body, requestId: undefined },
});

describe('rejection bodies are no oracle (e2e, mobile-bff, real signed tokens over HTTP)', () => {
  let idp: TestIdp;
  let bff: RunningBff;

  beforeAll(async () => {
    idp = await TestIdp.start();
    bff = await startBff({
      loadConfig,
      module: (c) => MobileBffModule.forRoot(c),
      audience: 'mobile-bff',
      env: { AUTH_ISSUER: idp.issuer },
    });
  });
  afterAll(async () => {
    await bff.close();
    await idp.close();
  });

  it('every invalid token gets the same body and challenge; the precise reason is counted in /metrics', async () => {
    const now = Math.floor(Date.now() / 1000);
    const invalid = {
      signature_verification_failed: await signForeignToken(
        { iss: idp.issuer, sub: 'u1', aud: 'mobile-bff', exp: now + 60 },
        { kid: idp.key.kid },
      ),
      issuer_not_accepted: await idp.sign({ iss: 'https://elsewhere.example', sub: 'u1', aud: 'mobile-bff' }),
      audience_not_accepted: await idp.sign({ sub: 'u1', aud: 'web-bff' }),
      token_not_yet_valid: await idp.sign({ sub: 'u1', aud: 'mobile-bff', nbf: now + 600 }),
      algorithm_not_allowed: await signForeignToken(
        { iss: idp.issuer, sub: 'u1', aud: 'mobile-bff', exp: now + 60 },
        { alg: 'HS256' },
      ),
      malformed_token: 'eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln',
    };
    const answers = [];
    for (const token of Object.values(invalid)) {
      const res = await bff.call('/v1/home', { token });
      expectProblem(res, 401, 'BFF_ERR_AUTH_INVALID_TOKEN');
      answers.push(visible(res));
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]).toEqual({
      status: 401,
      challenge: 'Bearer realm="mobile-bff", error="invalid_token", error_description="invalid credentials"',
      body: expect.objectContaining({
        detail: 'The credentials are not valid.',
        title: 'Invalid credentials',
      }),
    });

    const metrics = (await bff.call('/metrics')).text;
    for (const reason of Object.keys(invalid)) {
      expect(metrics).toMatch(new RegExp(`^auth_failures_total\\{reason="${reason}"\\} 1$`, 'm'));
    }
  });

  it('missing and expired credentials each have their own fixed answer', async () => {
    const missing = [
      await bff.call('/v1/home'),
      await bff.call('/v1/home', { headers: { authorization: 'Basic eDp5' } }),
    ];
    for (const res of missing) expectProblem(res, 401, 'BFF_ERR_AUTH_MISSING');
    expect(visible(missing[0])).toEqual(visible(missing[1]));
    expect(visible(missing[0])).toMatchObject({
      challenge: 'Bearer realm="mobile-bff"',
      body: { detail: 'This resource requires credentials.' },
    });

    const expired = await idp.sign({
      sub: 'u1',
      aud: 'mobile-bff',
      exp: Math.floor(Date.now() / 1000) - 600,
    });
    const res = await bff.call('/v1/home', { token: expired });
    expectProblem(res, 401, 'BFF_ERR_AUTH_TOKEN_EXPIRED');
    expect(visible(res)).toMatchObject({
      challenge: 'Bearer realm="mobile-bff", error="invalid_token", error_description="token expired"',
      body: { detail: 'The credentials have expired.' },
    });
    const metrics = (await bff.call('/metrics')).text;
    expect(metrics).toMatch(/^auth_failures_total\{reason="missing"\} 2$/m);
    expect(metrics).toMatch(/^auth_failures_total\{reason="token_expired"\} 1$/m);
  });
});
