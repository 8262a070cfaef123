import { validateFaults, type FaultSpec, type UpstreamStats } from '@bff/testing';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fault injection and request accounting for one demo service (registered by `createServiceApp`).
 * Adds `GET|PUT|DELETE /__faults` and `GET|DELETE /__stats`; applies the current faults to every
 * non-`/__` route. The contract (`FaultSpec`, `validateFaults`, `UpstreamStats`) lives in `@bff/testing`, beside
 * the helpers that drive it. Not encapsulated, so its hook sees every route of the instance.
 * @example app.register(faultsPlugin); // then: curl -X PUT localhost:4001/__faults -d '{"latencyMs":300}'
 */
export async function faultsPlugin(app: FastifyInstance): Promise<void> {
  let faults: FaultSpec = {};
  let stats: UpstreamStats = { requests: 0, byRoute: {}, lastHeaders: null };

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
    const delay =
      (active.latencyMs ?? 0) +
      (active.jitterMs ? Math.random() * active.jitterMs : 0) +
      (active.tailRate && Math.random() < active.tailRate ? (active.tailMs ?? 0) : 0);
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
