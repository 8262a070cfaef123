import type { ChildProcess } from 'node:child_process';

/** A child of the HA stack (see bench/lib/processes.js). */
export interface HaChild {
  name: string;
  proc: ChildProcess;
  readonly running: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** One replica of a BFF: its own process on 127.0.0.1:port. */
export interface HaReplica {
  app: string;
  index: number;
  port: number;
  /** `127.0.0.1:port`, as nginx's `$upstream_addr` names it. */
  address: string;
  /** `http://127.0.0.1:port` (direct, bypassing nginx). */
  url: string;
  child: HaChild;
  /** Whether the readiness gate has it in rotation now. */
  up: boolean;
}

export interface HaStackOptions {
  apps?: string[];
  replicas?: number;
  ports?: Record<string, number>;
  redisUrl?: string;
  env?: Record<string, string>;
  appEnv?: Record<string, Record<string, string>>;
  upstreamTls?: boolean;
  gateIntervalMs?: number;
  drainDelayMs?: number;
  nginxWorkers?: number;
  onEvent?: (line: string) => void;
  /** Stops whatever has started when aborted during the start. */
  signal?: AbortSignal;
}

export interface HaStack {
  dir: string;
  /** Path of the CA bundle that verifies nginx's (and TLS upstreams') certificate. */
  ca: string;
  /** nginx's https URL of each BFF. */
  urls: Record<string, string>;
  idpUrl: string;
  upstreamUrls: Record<string, string>;
  redisUrl: string;
  replicas: Record<string, HaReplica[]>;
  /** nginx's access log of the BFF listeners: `$msec $method $status $request_time "$upstream_addr" "$upstream_status"`. */
  accessLog: string;
  output(): string;
  stop(): Promise<void>;
}

export function startHaStack(options?: HaStackOptions): Promise<HaStack>;
export const UPSTREAMS: string[];
