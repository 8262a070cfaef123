import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';

/** Message of the error thrown when no Redis can be found. */
export const REDIS_NOT_FOUND_MESSAGE = 'redis-server not found on PATH and REDIS_URL not set';
const START_TIMEOUT_MS = 5000;

/**
 * Starts `redis-server` on `port` without persistence (plus `extraArgs`, e.g. cluster mode) and resolves with the
 * child once it answers PING; rejects with {@link REDIS_NOT_FOUND_MESSAGE} or the server's own output.
 */
export async function spawnRedisChild(
  port: number,
  extraArgs: readonly string[] = [],
): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
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
      try {
        if ((await withServer(port, (client) => client.ping())) === 'PONG') return;
      } catch {
        // not up yet
      }
      if (cancelled) return;
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer PING on port ${port} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  return Object.assign(run(), { cancel: () => void (cancelled = true) });
}

/**
 * Runs `fn` on a short-lived plain connection to the server on `port` (no retries, no reconnects, no cluster
 * routing), closed afterwards.
 */
export async function withServer<T>(
  port: number,
  fn: (client: Redis) => Promise<T>,
  commandTimeoutMs?: number,
): Promise<T> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    commandTimeout: commandTimeoutMs,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    // A refused client is already 'end'; disconnecting it would leave ioredis' 2 s close timer behind.
    if (client.status !== 'end') client.disconnect();
  }
}

/** Stops a child with SIGTERM (SIGKILL after 3 s) and resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
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
