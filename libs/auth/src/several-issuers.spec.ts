import { Authenticator, type Principal } from '@bff/auth';
import { TestIdp, type TestKey } from '@bff/testing';

const AUD = 'partner-bff';
const bearer = (value: string) => ({ scheme: 'bearer', value });
const pick = (p: Principal) => ({ kind: p.kind, subject: p.subject, clientId: p.clientId, scopes: p.scopes });

describe('several issuers (real keys, real HTTP discovery and JWKS)', () => {
  let own: TestIdp; // RFC 9068-shaped, RS256/PS256/ES256/EdDSA, typ at+jwt required
  let auth0: TestIdp; // issuer ends in '/', client tokens `sub: <id>@clients`
  let okta: TestIdp; // client tokens `cid == sub`, scopes in `scp` (array)
  let authenticator: Authenticator;
  const keys: Record<string, TestKey> = {};

  beforeAll(async () => {
    [own, auth0, okta] = await Promise.all([
      TestIdp.start(),
      TestIdp.start(0, { trailingSlash: true }),
      TestIdp.start(),
    ]);
    for (const alg of ['PS256', 'ES256', 'EdDSA']) {
      keys[alg] = await TestIdp.generateKey(alg, `own-${alg}`);
      own.published.push(keys[alg]);
    }
    // A second ES256 key: a token without kid then has two candidates.
    keys.ES256b = await TestIdp.generateKey('ES256', 'own-ES256-b');
    own.published.push(keys.ES256b);
    authenticator = Authenticator.fromOptions({
      jwt: [
        { issuer: own.issuer, audience: [AUD, 'partner-api'], typ: 'at+jwt' },
        { issuer: auth0.issuer, audience: AUD, claims: { clientRules: ['sub@clients'] } },
        { issuer: okta.issuer, audience: AUD, claims: { scopes: 'scp', clientRules: ['cid=sub'] } },
      ],
      realm: AUD,
    });
  });
  afterAll(() => Promise.all([own, auth0, okta].map((idp) => idp.close())));

  it('routes each token to the issuer its iss names, each with its own claim mapping', async () => {
    const atJwt = { typ: 'at+jwt' };
    const fromOwn = await own.sign(
      { sub: 'partner-acme', client_id: 'partner-acme', aud: AUD, scope: 'orders:read' },
      own.key,
      atJwt,
    );
    const fromAuth0 = await auth0.sign({
      sub: 'partner-acme@clients',
      azp: 'partner-acme',
      aud: AUD,
      scope: 'orders:read',
    });
    const fromOkta = await okta.sign({
      sub: 'partner-acme',
      cid: 'partner-acme',
      aud: AUD,
      scp: ['orders:read'],
    });
    const expected = {
      kind: 'client',
      subject: 'partner-acme',
      clientId: 'partner-acme',
      scopes: ['orders:read'],
    };
    expect(pick(await authenticator.authenticate(bearer(fromOwn)))).toEqual(expected);
    expect(pick(await authenticator.authenticate(bearer(fromAuth0)))).toEqual(expected);
    expect(pick(await authenticator.authenticate(bearer(fromOkta)))).toEqual(expected);
    // Discovery of the issuer ending in '/' worked: its identifier is compared exactly, never trimmed.
    expect(auth0.hits.discovery).toBe(1);
  });

  it('user tokens of the same providers stay users', async () => {
    const auth0User = await auth0.sign({ sub: 'auth0|u1', azp: 'web-app', aud: AUD });
    const oktaUser = await okta.sign({ sub: 'jane@example.com', cid: 'web-app', uid: 'u1', aud: AUD });
    expect(await authenticator.authenticate(bearer(auth0User))).toMatchObject({
      kind: 'user',
      subject: 'auth0|u1',
      clientId: 'web-app',
    });
    expect(await authenticator.authenticate(bearer(oktaUser))).toMatchObject({
      kind: 'user',
      clientId: 'web-app',
    });
  });

  it.each(['PS256', 'ES256', 'EdDSA'])('accepts %s tokens, and aud as an array', async (alg) => {
    const token = await own.sign({ sub: 'u1', aud: ['other', 'partner-api'] }, keys[alg], { typ: 'at+jwt' });
    await expect(authenticator.authenticate(bearer(token))).resolves.toMatchObject({ subject: 'u1' });
  });

  it('requires typ at+jwt where configured (application/at+jwt is the same)', async () => {
    const plain = await own.sign({ sub: 'u1', aud: AUD });
    await expect(authenticator.authenticate(bearer(plain))).rejects.toMatchObject({ status: 401 });
    const long = await own.sign({ sub: 'u1', aud: AUD }, own.key, { typ: 'application/at+jwt' });
    await expect(authenticator.authenticate(bearer(long))).resolves.toMatchObject({ subject: 'u1' });
  });

  it('a token of an issuer not listed is refused before any key or discovery lookup', async () => {
    const before = [own, auth0, okta].map((idp) => ({ ...idp.hits }));
    const stranger = await own.sign({ iss: 'https://evil.example/', sub: 'u1', aud: AUD }, own.key, {
      typ: 'at+jwt',
    });
    const trimmed = await auth0.sign({ iss: auth0.issuer.replace(/\/$/, ''), sub: 'u1', aud: AUD });
    for (const token of [stranger, trimmed]) {
      await expect(authenticator.authenticate(bearer(token))).rejects.toMatchObject({
        code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      });
    }
    expect([own, auth0, okta].map((idp) => ({ ...idp.hits }))).toEqual(before);
  });

  it('a token without kid is tried against each key of its type', async () => {
    const noKid = { typ: 'at+jwt', kid: undefined };
    // Signed by the second of two ES256 keys: the first candidate fails, the second verifies.
    const token = await own.sign({ sub: 'u1', aud: AUD }, keys.ES256b, noKid);
    await expect(authenticator.authenticate(bearer(token))).resolves.toMatchObject({ subject: 'u1' });
    const forged = (await TestIdp.generateKey('ES256', 'x')).privateKey;
    const bad = await own.sign({ sub: 'u1', aud: AUD }, { ...keys.ES256, privateKey: forged }, noKid);
    await expect(authenticator.authenticate(bearer(bad))).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
    });
  });
});

describe('principal kinds an app serves', () => {
  let idp: TestIdp;
  beforeAll(async () => (idp = await TestIdp.start()));
  afterAll(() => idp.close());

  it('a user app refuses a client token with 403 once verified', async () => {
    const userApp = Authenticator.fromOptions({
      jwt: { issuer: idp.issuer, audience: 'web-bff' },
      principalKinds: ['user'],
    });
    const client = await idp.sign({ sub: 'partner-acme', client_id: 'partner-acme', aud: 'web-bff' });
    await expect(userApp.authenticate(bearer(client))).rejects.toMatchObject({
      code: 'BFF_ERR_FORBIDDEN',
      status: 403,
    });
    const user = await idp.sign({ sub: 'u1', aud: 'web-bff' });
    await expect(userApp.authenticate(bearer(user))).resolves.toMatchObject({ kind: 'user' });
  });
});
