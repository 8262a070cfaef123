import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/**
 * Builds the named apps unless their bundles are fresh (`scripts/build.js --if-stale`, what `npm start` runs;
 * CI has built them already). Throws with the build's output when it fails.
 */
export function buildIfStale(...apps: string[]): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.js'), '--if-stale', ...apps], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`build failed:\n${res.stdout}\n${res.stderr}`);
}

/** A child process whose output is collected, with a promise of its exit. */
export interface Child {
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Spawns `command args` in the repository root with `env` on top of this process's environment. */
export function spawnChild(command: string, args: string[], env: Record<string, string | undefined>): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { process: child, output: () => out, exited };
}

/** Resolves once `predicate` is true, polling every 50 ms; rejects after `timeoutMs` with `what`. */
export async function until(
  predicate: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when a TCP connection to 127.0.0.1:port is refused. */
export async function refused(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    return false;
  } catch (err) {
    return /ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err));
  }
}
