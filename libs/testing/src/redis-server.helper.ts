import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import { freePort } from './free-port.helper';

/** A Redis server for one test run. */
export interface TestRedisServer {
  /** Connection URL, e.g. `redis://127.0.0.1:53211`. */
  url: string;
  port: number;
  /** Stops the server this helper started (a no-op for `REDIS_URL`). */
  stop(): Promise<void>;
  /**
   * Starts the stopped server again on the same port, empty (outage drills). Only for a server this helper
   * started (see {@link StartRedisOptions.own}); rejects for `REDIS_URL`.
   */
  restart(): Promise<void>;
}

/** Options of {@link startRedisServer}. */
export interface StartRedisOptions {
  /**
   * Always start a private `redis-server`, even when `REDIS_URL` is set: for tests that stop and restart
   * it. Default is false.
   */
  own?: boolean;
}

/** Message of the error thrown when no Redis can be found. */
export const REDIS_NOT_FOUND_MESSAGE = 'redis-server not found on PATH and REDIS_URL not set';
const START_TIMEOUT_MS = 5000;
const START_ATTEMPTS = 3;

/**
 * Gives a test a Redis: `REDIS_URL` when set (stop is then a no-op), else a fresh `redis-server` from PATH on a free
 * port without persistence, ready when it answers PING. Throws `redis-server not found on PATH and REDIS_URL not
 * set` when neither exists, or the server's own output when it fails to start.
 * @example const redis = await startRedisServer(); afterAll(() => redis.stop());
 */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<TestRedisServer> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv && !options.own) {
    const port = Number(new URL(fromEnv).port || 6379);
    return {
      url: fromEnv,
      port,
      stop: async () => undefined,
      restart: () =>
        Promise.reject(new Error('cannot restart the shared REDIS_URL server; use { own: true }')),
    };
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    try {
      return await spawnRedis(await freePort());
    } catch (err) {
      if (err instanceof Error && err.message === REDIS_NOT_FOUND_MESSAGE) throw err;
      lastError = err; // most likely the free port was taken meanwhile: try another
    }
  }
  throw lastError;
}

async function spawnRedis(port: number): Promise<TestRedisServer> {
  let child = await spawnRedisChild(port);
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    stop: () => stopChild(child),
    restart: async () => {
      await stopChild(child);
      child = await spawnRedisChild(port);
    },
  };
}

async function spawnRedisChild(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
  const exited = new Promise<Error>((resolve) => {
    child.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'ENOENT' ? new Error(REDIS_NOT_FOUND_MESSAGE) : err),
    );
    child.once('exit', (code, signal) =>
      resolve(new Error(`redis-server exited early (${signal ?? code}): ${output.trim()}`)),
    );
  });
  const ready = waitForPing(port, Date.now() + START_TIMEOUT_MS);
  const outcome = await Promise.race([ready.then(() => null), exited]);
  if (outcome !== null) {
    ready.cancel();
    await stopChild(child);
    throw outcome;
  }
  return child;
}

function waitForPing(port: number, deadline: number): Promise<void> & { cancel(): void } {
  let cancelled = false;
  const run = async (): Promise<void> => {
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
        // A refused client is already 'end'; disconnecting it would leave ioredis' 2 s close timer behind.
        if (client.status !== 'end') client.disconnect();
      }
      if (cancelled) return;
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer PING on port ${port} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return Object.assign(run(), { cancel: () => void (cancelled = true) });
}

function stopChild(child: ChildProcess): Promise<void> {
  const release = (): void => {
    child.stdout?.destroy();
    child.stderr?.destroy();
  };
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    release();
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      release();
      resolve();
    });
    child.kill('SIGTERM');
  });
}
