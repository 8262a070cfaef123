import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Faults applied to every later request on the non-`/__` routes of one service. */
export interface FaultSpec {
  /** Added delay before answering, in milliseconds (0..600000). Default is 0. */
  latencyMs?: number;
  /** Extra random delay on top of `latencyMs`, uniform in [0, jitterMs), in milliseconds (0..600000). Default is 0. */
  jitterMs?: number;
  /** Share of requests answered with `errorStatus` instead of the real answer, 0..1. Default is 0. */
  errorRate?: number;
  /** Status of injected errors, 400..599. Default is 500. */
  errorStatus?: number;
  /** Never answer (the socket stays open until the client gives up). Default is false. */
  hang?: boolean;
  /** Destroy the socket without answering. Default is false. */
  resetConnections?: boolean;
}

/** Headers a BFF propagates to upstreams, recorded so tests can check them. */
export type PropagatedHeader =
  'x-request-id' | 'traceparent' | 'x-request-timeout-ms' | 'x-user-id' | 'x-client-id';

/** Request accounting of one service, as `GET /__stats` answers it. */
export interface ServiceStats {
  /** Requests seen on non-`/__` routes since start or the last `DELETE /__stats`. */
  requests: number;
  /** Those requests by `METHOD /route/:pattern` (unmatched routes count as `METHOD *`). */
  byRoute: Record<string, number>;
  /** Propagation headers of the last such request, or null before the first. */
  lastHeaders: Record<PropagatedHeader, string | null> | null;
}

const MAX_DELAY_MS = 600_000;
const FAULT_KEYS = ['latencyMs', 'jitterMs', 'errorRate', 'errorStatus', 'hang', 'resetConnections'] as const;

/**
 * Validates a `PUT /__faults` body; returns the normalized spec or an error message.
 * @example validateFaults({ latencyMs: 200 }) // => { faults: { latencyMs: 200 } }
 */
export function validateFaults(body: unknown): { faults: FaultSpec } | { error: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { error: 'Body must be a JSON object' };
  }
  const input = body as Record<string, unknown>;
  const unknown = Object.keys(input).filter((key) => !(FAULT_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) return { error: `Unknown fault field(s): ${unknown.join(', ')}` };
  const faults: FaultSpec = {};
  for (const key of ['latencyMs', 'jitterMs'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_DELAY_MS) {
      return { error: `${key} must be a number of milliseconds between 0 and ${MAX_DELAY_MS}` };
    }
    faults[key] = value;
  }
  if (input.errorRate !== undefined) {
    const rate = input.errorRate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      return { error: 'errorRate must be between 0 and 1' };
    faults.errorRate = rate;
  }
  if (input.errorStatus !== undefined) {
    const status = input.errorStatus;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
      return { error: 'errorStatus must be an integer between 400 and 599' };
    }
    faults.errorStatus = status;
  }
  for (const key of ['hang', 'resetConnections'] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return { error: `${key} must be a boolean` };
    faults[key] = value;
  }
  return { faults };
}

/**
 * Fault injection and request accounting for one demo service (registered by `createServiceApp`).
 * Adds `GET|PUT|DELETE /__faults` and `GET|DELETE /__stats`; applies the current faults to every
 * non-`/__` route. Not encapsulated, so its hook sees every route of the instance.
 * @example app.register(faultsPlugin); // then: curl -X PUT localhost:4001/__faults -d '{"latencyMs":300}'
 */
export async function faultsPlugin(app: FastifyInstance): Promise<void> {
  let faults: FaultSpec = {};
  let stats: ServiceStats = { requests: 0, byRoute: {}, lastHeaders: null };

  app.get('/__faults', async () => faults);
  app.put('/__faults', async (request, reply) => {
    const result = validateFaults(request.body);
    if ('error' in result) return reply.code(400).send({ error: 'bad_request', message: result.error });
    faults = result.faults;
    return faults;
  });
  app.delete('/__faults', async () => {
    faults = {};
    return faults;
  });
  app.get('/__stats', async () => stats);
  app.delete('/__stats', async () => {
    stats = { requests: 0, byRoute: {}, lastHeaders: null };
    return stats;
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/__')) return;
    const route = `${request.method} ${request.routeOptions.url ?? '*'}`;
    stats.requests++;
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
    stats.lastHeaders = {
      'x-request-id': headerValue(request.headers['x-request-id']),
      traceparent: headerValue(request.headers.traceparent),
      'x-request-timeout-ms': headerValue(request.headers['x-request-timeout-ms']),
      'x-user-id': headerValue(request.headers['x-user-id']),
      'x-client-id': headerValue(request.headers['x-client-id']),
    };

    const active = faults;
    if (active.resetConnections) {
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    if (active.hang) {
      // Never answer; the socket closes when the client aborts or the server closes (forceCloseConnections).
      reply.hijack();
      return;
    }
    const delay = (active.latencyMs ?? 0) + (active.jitterMs ? Math.random() * active.jitterMs : 0);
    if (delay > 0) await sleep(delay);
    if (active.errorRate && Math.random() < active.errorRate) {
      const status = active.errorStatus ?? 500;
      return reply
        .code(status)
        .send({ error: 'injected_fault', message: `Injected fault (status ${status})` });
    }
  });
}
// Same effect as fastify-plugin: the hook and routes apply to the parent instance, not an encapsulated child.
(faultsPlugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
