import type { Dispatcher } from 'undici';
import { collectResponse, type CollectorSink } from './response-collector';

/** A dispatcher that answers every request with `status` and `body`, and keeps the handler it was given. */
function answering(status: number, body: string) {
  const seen: { handler?: Dispatcher.DispatchHandler } = {};
  const dispatcher = {
    dispatch(_options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
      seen.handler = handler;
      const controller = { abort() {}, pause() {}, resume() {} } as unknown as Dispatcher.DispatchController;
      handler.onRequestStart?.(controller, {});
      handler.onResponseStart?.(controller, status, { 'content-type': 'application/json' }, '');
      handler.onResponseData?.(controller, Buffer.from(body));
      handler.onResponseEnd?.(controller, {});
      return true;
    },
  } as unknown as Dispatcher;
  return { dispatcher, seen };
}

/** Every reference a handler still holds, one level deep. */
const referencesOf = (handler: object): unknown[] => Object.values(handler);

describe('collectResponse', () => {
  const options = { method: 'GET', path: '/users/u1' } as Dispatcher.DispatchOptions;

  it('resolves with the parsed JSON and reports the status to the sink', async () => {
    const { dispatcher } = answering(200, '{"id":"u1"}');
    const sink: CollectorSink = {};
    const res = await collectResponse(dispatcher, options, undefined, 'users', 1024, sink);
    expect(res).toMatchObject({ status: 200, ok: true, body: { id: 'u1' } });
    expect(sink.status).toBe(200);
  });

  // undici may keep a finished request's handler for a while: a handler that still pointed at its call (and so
  // at the request's whole context) made every answer outlive its request and fed the old generation.
  it.each([
    ['an answer', 200, '{"id":"u1"}'],
    ['a failure status', 503, '{}'],
  ])('lets go of the sink once settled (%s)', async (_case, status, body) => {
    const { dispatcher, seen } = answering(status, body);
    const sink: CollectorSink = { failed: (err) => err };
    await collectResponse(dispatcher, options, undefined, 'users', 1024, sink).catch(() => undefined);
    expect(referencesOf(seen.handler!)).not.toContain(sink);
  });
});
