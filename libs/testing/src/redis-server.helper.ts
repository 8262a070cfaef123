import { freePort } from './free-port.helper';
import { REDIS_NOT_FOUND_MESSAGE, spawnRedisChild, stopChild } from './redis-process';

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

export { REDIS_NOT_FOUND_MESSAGE } from './redis-process';
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
