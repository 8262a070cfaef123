import { Controller, Get, Module } from '@nestjs/common';
import { request } from 'undici';
import { createApp } from './create-app';
import { createLogger } from './logger';

let started: () => void = () => undefined;

@Controller()
class SlowController {
  @Get('/slow')
  async slow(): Promise<{ done: boolean }> {
    started();
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { done: true };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

describe('graceful shutdown', () => {
  it('drains in-flight requests, then stops accepting', async () => {
    const app = await createApp(SlowModule, { logger: createLogger({ name: 'drain', level: 'silent' }) });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();

    const handling = new Promise<void>((resolve) => (started = resolve));
    const inFlight = request(`${url}/slow`).then(async (res) => ({
      status: res.statusCode,
      body: await res.body.json(),
    }));
    await handling; // shutdown starts while the request is being handled
    const closing = app.close();

    await expect(inFlight).resolves.toEqual({ status: 200, body: { done: true } });
    await closing;
    await expect(request(`${url}/slow`)).rejects.toThrow(/ECONNREFUSED|other side closed|SocketError/);
  });
});
