import type { ServerResponse } from 'node:http';
import { ClientClosedRequestError, RequestContextStore, type Principal } from '@bff/core';
import { createUpstreamClient, type UpstreamClient } from '@bff/downstream';
import { json, startUpstream, testContext, type TestUpstream } from '../../test/test-upstream';

const user = (subject: string): Principal => ({ kind: 'user', subject, scopes: [], method: 'jwt' });

describe('coalescing (coalesce: true)', () => {
  let upstream: TestUpstream;
  let client: UpstreamClient;
  /** Answers held until the test releases them, so calls overlap for sure. */
  let held: { res: ServerResponse; user: string; aborted: () => boolean }[] = [];
  const release = () => {
    for (const h of held.splice(0)) json(h.res, 200, { user: h.user, n: Math.random() });
  };
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 2));
    if (!check()) throw new Error('condition not reached');
  };

  beforeAll(async () => {
    upstream = await startUpstream((req, res) => {
      let closed = false;
      res.on('close', () => (closed = !res.writableEnded));
      held.push({ res, user: String(req.headers['x-user-id']), aborted: () => closed });
    });
    client = createUpstreamClient('users', { baseUrl: upstream.url, coalesce: true, retry: false });
  });
  afterAll(async () => {
    await client.close();
    await upstream.close();
  });
  beforeEach(() => {
    held = [];
    upstream.requests.length = 0;
  });

  const callAs = (principal: Principal | undefined, path = '/users/me', headers?: Record<string, string>) => {
    const { ctx } = testContext({ principal });
    const done = RequestContextStore.run(ctx, () =>
      client.get<{ user: string; n: number }>(path, { headers }),
    );
    return { ctx, done };
  };

  it('makes one upstream call for 50 identical concurrent GETs of one user, each with its own request id', async () => {
    const calls = Array.from({ length: 50 }, (_, i) =>
      callAs(user('u1'), '/users/me', { 'x-request-id': `r${i}` }),
    );
    await until(() => held.length === 1);
    release();
    const answers = await Promise.all(calls.map((c) => c.done));
    expect(upstream.requests).toHaveLength(1);
    expect(new Set(answers.map((a) => a.body.n)).size).toBe(1);
    expect(answers.every((a) => a.body.user === 'u1')).toBe(true);
  });

  it('never shares an answer between two users (nor with an anonymous call)', async () => {
    const a = callAs(user('u1'));
    const b = callAs(user('u2'));
    const anonymous = callAs(undefined);
    await until(() => held.length === 3);
    release();
    expect((await a.done).body.user).toBe('u1');
    expect((await b.done).body.user).toBe('u2');
    expect((await anonymous.done).body.user).toBe('undefined');
    expect(upstream.requests).toHaveLength(3);
  });

  it('keeps calls apart that differ in query or in an answer-shaping header', async () => {
    const calls = [
      callAs(user('u1'), '/users/me?fields=a'),
      callAs(user('u1'), '/users/me?fields=b'),
      callAs(user('u1'), '/users/me', { 'accept-language': 'de' }),
      callAs(user('u1'), '/users/me', { 'accept-language': 'fr' }),
    ];
    await until(() => held.length === 4);
    release();
    await Promise.all(calls.map((c) => c.done));
    expect(upstream.requests).toHaveLength(4);
  });

  it("lets a waiter leave on its own cancellation without ending the others' shared call", async () => {
    const leaving = callAs(user('u1'));
    const staying = callAs(user('u1'));
    await until(() => held.length === 1);
    leaving.ctx.cancellation.cancel(new ClientClosedRequestError('client went away'));
    await expect(leaving.done).rejects.toMatchObject({ code: 'BFF_ERR_CLIENT_CLOSED_REQUEST' });
    expect(held[0].aborted()).toBe(false);
    release();
    expect((await staying.done).status).toBe(200);
  });

  it('cancels the shared call when its last waiter is gone, and starts afresh after', async () => {
    const first = callAs(user('u1'));
    const second = callAs(user('u1'));
    await until(() => held.length === 1);
    const exchange = held[0];
    first.ctx.cancellation.cancel(new ClientClosedRequestError('gone'));
    second.ctx.cancellation.cancel(new ClientClosedRequestError('gone'));
    await expect(Promise.all([first.done, second.done])).rejects.toMatchObject({
      code: 'BFF_ERR_CLIENT_CLOSED_REQUEST',
    });
    await until(() => exchange.aborted());
    const again = callAs(user('u1'));
    await until(() => held.length === 2);
    release();
    expect((await again.done).status).toBe(200);
    expect(upstream.requests).toHaveLength(2);
  });

  it('shares a failure too, as each waiter’s coded error', async () => {
    const calls = [callAs(user('u1')), callAs(user('u1'))];
    await until(() => held.length === 1);
    json(held.splice(0)[0].res, 503, {});
    for (const c of calls)
      await expect(c.done).rejects.toMatchObject({ code: 'BFF_ERR_DOWNSTREAM_BAD_GATEWAY' });
  });
});
