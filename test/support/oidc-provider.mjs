// A third-party OpenID provider for the interop suite: oauth2-mock-server (ESM-only, so it runs in its own
// process). It issues client-credentials access tokens as Auth0 does: `sub` is `<client>@clients`, `azp` the
// client, `aud` and `scope` as requested. Prints `{"issuer": "..."}` on one line once listening.
import { OAuth2Server } from 'oauth2-mock-server';

const server = new OAuth2Server();
await server.issuer.keys.generate('RS256');
server.service.on('beforeTokenSigning', (token, req) => {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  const clientId = basic ? Buffer.from(basic[1], 'base64').toString().split(':')[0] : req.body.client_id;
  Object.assign(token.payload, { sub: `${clientId}@clients`, azp: clientId });
});
await server.start(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ issuer: server.issuer.url })}\n`);
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
