import { Controller, Get, Module } from '@nestjs/common';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createApp } from './create-app';

@Controller()
class PingController {
  @Get('/ping')
  ping(): { pong: true } {
    return { pong: true };
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

function capture(level: pino.LevelWithSilent): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

describe('request logging', () => {
  it('writes one access line per request, bound to its request id', async () => {
    const { logger, lines } = capture('info');
    const app = await createApp(PingModule, { logger });
    try {
      await app.inject({ method: 'GET', url: '/ping', headers: { 'x-request-id': 'log-me-1' } });
      const access = lines.filter((l) => l.msg === 'request completed');
      expect(access).toEqual([
        expect.objectContaining({ requestId: 'log-me-1', method: 'GET', route: '/ping', status: 200 }),
      ]);
    } finally {
      await app.close();
    }
  });

  it('writes nothing per request below its level', async () => {
    const { logger, lines } = capture('warn');
    const app = await createApp(PingModule, { logger });
    try {
      const before = lines.length;
      await app.inject({ method: 'GET', url: '/ping' });
      expect(lines.length).toBe(before);
    } finally {
      await app.close();
    }
  });
});
