import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { request } from 'undici';
import { createBffApp, createLogger, listenAdmin, type BffConfig, type Clock, type Env } from '@bff/core';
import { startDemoStack, type DemoStack } from '../../apps/demo-upstreams/src/demo-stack';

/** The environment a BFF gets in the demo stack, as `npm start` sets it. */
export function demoEnv(stack: DemoStack, audience: string, extra: Env = {}): Env {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AUTH_ISSUER: stack.urls.idp,
    AUTH_AUDIENCE: audience,
    UPSTREAM_USERS_URL: stack.urls.users,
    UPSTREAM_ORDERS_URL: stack.urls.orders,
    UPSTREAM_CATALOG_URL: stack.urls.catalog,
    UPSTREAM_INVENTORY_URL: stack.urls.inventory,
    ...extra,
  };
}

/** A BFF listening on a free port in front of the demo stack. */
export interface RunningBff {
  stack: DemoStack;
  app: NestFastifyApplication;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The admin listener's base URL, when the config has one (`ADMIN_PORT`). */
  adminUrl?: string;
  /** GET/POST through real HTTP; returns status, headers and the parsed body. */
  call(path: string, init?: CallInit): Promise<CallResult>;
  /** As {@link call}, on the admin listener (fails when there is none). */
  adminCall(path: string, init?: CallInit): Promise<CallResult>;
  close(): Promise<void>;
}

export interface CallInit {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  token?: string;
  /** Client-side abort, in milliseconds. */
  timeoutMs?: number;
}

export interface CallResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  elapsedMs: number;
}

/**
 * Starts the demo upstreams (unless given) and one BFF through its real entry point: the same config reader
 * and `createBffApp` as its `main.ts`, listening on 127.0.0.1:0.
 */
export async function startBff<C extends BffConfig>(options: {
  loadConfig: (env: Env) => C;
  module: (config: C) => DynamicModule;
  audience: string;
  env?: Env;
  stack?: DemoStack;
  /** The app's clock (request deadlines, breakers, retries), e.g. a `FakeClock`. Default is the system's. */
  clock?: Clock;
}): Promise<RunningBff> {
  const stack = options.stack ?? (await startDemoStack());
  const config = {
    ...options.loadConfig(demoEnv(stack, options.audience, options.env)),
    clock: options.clock,
  };
  const app = await createBffApp(
    options.module(config),
    config,
    createLogger({ name: config.name, level: 'silent' }),
  );
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  const adminUrl = config.core.admin ? await listenAdmin(app, config.core.admin) : undefined;
  const callAt = async (base: string, path: string, init: CallInit = {}): Promise<CallResult> => {
    const started = performance.now();
    const res = await request(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
      body: init.body,
      signal: init.timeoutMs ? AbortSignal.timeout(init.timeoutMs) : undefined,
    });
    const text = await res.body.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return {
      status: res.statusCode,
      headers: res.headers,
      body,
      text,
      elapsedMs: performance.now() - started,
    };
  };
  return {
    stack,
    app,
    url,
    adminUrl,
    call: (path, init) => callAt(url, path, init),
    adminCall: (path, init) => {
      if (!adminUrl) throw new Error('This BFF has no admin listener (set ADMIN_PORT)');
      return callAt(adminUrl, path, init);
    },
    close: async () => {
      await app.close();
      if (!options.stack) await stack.close();
    },
  };
}

/** Asserts an RFC 9457 problem body with the given status and code, and no leaked internals. */
export function expectProblem(res: CallResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  expect(res.body.requestId).toBe(res.headers['x-request-id']);
  expect(res.text).not.toMatch(/127\.0\.0\.1|localhost|\bat .+\.[jt]s:\d+|ECONN|"error":"/);
}
