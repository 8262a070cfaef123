import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
import { startHaStack, type HaStack, type HaStackOptions } from '../../scripts/ha/stack';
import { buildIfStale } from './built-app';

export type { HaStack, HaReplica } from '../../scripts/ha/stack';

/** One line of nginx's access log of the BFF listeners. */
export interface LbLogEntry {
  /** When nginx finished the request, in epoch milliseconds. */
  at: number;
  method: string;
  status: number;
  /** Every replica tried, in order (`127.0.0.1:port`); more than one when nginx retried. */
  tried: string[];
}

/**
 * Starts the `npm run start:ha` topology on free ports (built apps, nginx, a redis-server of its own) for an
 * e2e test; `agent()` trusts its CA; `lbLog()` reads nginx's access log so far.
 * @example const ha = await startHa({ apps: ['mobile-bff'], replicas: 3 }); afterAll(() => ha.stop());
 */
export async function startHa(
  options: HaStackOptions & { apps: string[] },
): Promise<HaStack & { agent(opts?: Agent.Options): Agent; lbLog(): LbLogEntry[] }> {
  buildIfStale('demo-upstreams', ...options.apps);
  const stack = await startHaStack(options);
  const ca = readFileSync(stack.ca);
  return {
    ...stack,
    agent: (opts = {}) => new Agent({ ...opts, connect: { ca } }),
    lbLog: () => parseLbLog(readFileSync(stack.accessLog, 'utf8')),
  };
}

/** Parses nginx's `lb` log format (see scripts/ha/nginx-config.js). */
export function parseLbLog(text: string): LbLogEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [msec, method, status] = line.split(' ');
      const upstream = /"([^"]*)"/.exec(line)?.[1] ?? '';
      return {
        at: Math.round(Number(msec) * 1000),
        method,
        status: Number(status),
        tried: upstream.split(/[,:]\s+|,\s*/).filter((a) => /^\d+\.\d+\.\d+\.\d+:\d+$/.test(a)),
      };
    });
}
