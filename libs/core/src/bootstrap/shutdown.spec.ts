import { connect, type Socket } from 'node:net';
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

  it('answers a request that arrives while draining with 503 problem+json, BFF_ERR_SHUTTING_DOWN and Retry-After', async () => {
    const app = await createApp(SlowModule, { logger: createLogger({ name: 'drain', level: 'silent' }) });
    await app.listen(0, '127.0.0.1');
    const { port } = new URL(await app.getUrl());

    // A connection whose request has begun is not idle, so closing keeps it; its request completes once
    // the server no longer accepts connections, i.e. once the drain has started.
    const socket = await openSocket(Number(port));
    const answer = readUntilClose(socket);
    socket.write('GET /slow HTTP/1.1\r\nHost: bff\r\n');
    const closing = app.close();
    await untilRefused(Number(port));
    socket.write('\r\n');

    const raw = await answer;
    await closing;
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nretry-after: 1\r\n/i);
    expect(head).toMatch(/\r\nconnection: close/i);
    expect(JSON.parse(body)).toMatchObject({
      status: 503,
      code: 'BFF_ERR_SHUTTING_DOWN',
      title: 'Service is shutting down',
      type: 'urn:bff:error:shutting-down',
    });
  });
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function readUntilClose(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) =>
    socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8'))),
  );
}

/** Resolves once the server refuses new connections (its listening socket is closed). */
async function untilRefused(port: number): Promise<void> {
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const probe = connect(port, '127.0.0.1', () => {
        probe.destroy();
        resolve(false);
      });
      probe.once('error', () => resolve(true));
    });
    if (refused) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
