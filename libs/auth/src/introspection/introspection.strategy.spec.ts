import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_TOKEN_LENGTH } from '../token-length';
import { IntrospectionStrategy } from './introspection.strategy';

/** A real introspection endpoint that answers every token active and records the tokens it was sent. */
async function startEndpoint() {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push(new URLSearchParams(body).get('token') ?? '');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ active: true, sub: 'u1' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/introspect`,
    seen,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

describe('IntrospectionStrategy token length', () => {
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  const strategy = (maxTokenLength?: number) =>
    new IntrospectionStrategy({
      url: endpoint.url,
      clientId: 'web-bff',
      clientSecret: 'secret',
      issuer: 'https://id.example.com',
      audience: ['web-bff'],
      realm: 'web-bff',
      maxTokenLength,
    });

  beforeAll(async () => (endpoint = await startEndpoint()));
  afterAll(() => endpoint.close());
  beforeEach(() => (endpoint.seen.length = 0));

  it('refuses a token over 8 KiB with the generic 401, without calling the endpoint', async () => {
    const introspection = strategy();
    const token = 'o'.repeat(DEFAULT_MAX_TOKEN_LENGTH + 1);
    await expect(introspection.authenticate({ scheme: 'bearer', value: token })).rejects.toMatchObject({
      code: 'BFF_ERR_AUTH_INVALID_TOKEN',
      status: 401,
      reason: 'token too long',
      message: 'The credentials are not valid.',
      headers: {
        'WWW-Authenticate':
          'Bearer realm="web-bff", error="invalid_token", error_description="invalid credentials"',
      },
    });
    expect(endpoint.seen).toEqual([]);
    expect(introspection.state()).toMatchObject({ calls: 0, cached: 0 });
  });

  it('introspects a token of exactly the cap', async () => {
    const token = 'o'.repeat(DEFAULT_MAX_TOKEN_LENGTH);
    await expect(strategy().authenticate({ scheme: 'bearer', value: token })).resolves.toMatchObject({
      subject: 'u1',
    });
    expect(endpoint.seen).toEqual([token]);
  });

  it('takes a configured cap, and refuses one that is not a positive integer', async () => {
    await expect(
      strategy(16).authenticate({ scheme: 'bearer', value: 'o'.repeat(17) }),
    ).rejects.toMatchObject({
      reason: 'token too long',
    });
    expect(endpoint.seen).toEqual([]);
    expect(() => strategy(0)).toThrow(expect.objectContaining({ code: 'BFF_ERR_CONFIG' }));
  });
});
