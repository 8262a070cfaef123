import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';

/** A redis-server this test owns on a port it chooses, so it can kill it and start another on the same port. */
export interface OwnedRedis {
  port: number;
  url: string;
  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * Starts `redis-server` on `port` (no persistence) and resolves once it answers PING (within 5 s). Unlike
 * `startRedisServer` of @bff/testing it never uses `REDIS_URL`: outage tests must kill their own server.
 */
export async function startRedisOn(port: number): Promise<OwnedRedis> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server on ${port} exited early (${code})`)));
  });
  exited.catch(() => undefined);
  await Promise.race([waitForPing(port), exited]);
  return { port, url: `redis://127.0.0.1:${port}`, kill: () => kill(child) };
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const client = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      if (client.status !== 'end') client.disconnect();
    }
    if (Date.now() > deadline) throw new Error(`redis-server on ${port} did not answer PING within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Calls per command from `INFO commandstats`, e.g. `{ evalsha: 3, get: 6 }`. */
export async function commandCalls(client: Redis): Promise<Record<string, number>> {
  const info = await client.info('commandstats');
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]] = Number(match[2]);
  return calls;
}
