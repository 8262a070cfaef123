import Fastify, { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { faultsPlugin } from './faults.plugin';

/** Options shared by every demo service. */
export interface ServiceAppOptions {
  /** Fastify request logging. Default is false (the demo upstreams stay quiet and cheap). */
  logger?: boolean;
}

/** Largest accepted request body, in bytes: 64 KiB. */
export const BODY_LIMIT_BYTES = 64 * 1024;
/** Largest number of ids one batch request may ask for. */
export const MAX_BATCH_IDS = 100;

/** Error bodies of the demo upstreams: `{ error, message }`. */
export interface UpstreamErrorBody {
  error: string;
  message: string;
}

/**
 * Creates a Fastify instance with the settings every demo service shares: small body limit, JSON errors
 * (`{ error, message }`, never a crash on malformed JSON), a JSON 404, forced socket close on `close()`
 * (hung requests never delay shutdown), and the fault-injection plugin.
 * @example const app = createServiceApp({ logger: false }); app.get('/ping', async () => ({ ok: true }));
 */
export function createServiceApp(opts: ServiceAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    forceCloseConnections: true,
    return503OnClosing: true,
  });
  app.setErrorHandler((err: FastifyError, _request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) {
      app.log.error(err);
      return sendError(reply, status, 'internal', 'Internal error');
    }
    return sendError(reply, status, status === 404 ? 'not_found' : errorNameFor(status), err.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
  app.register(faultsPlugin);
  return app;
}

/**
 * Sends `{ error, message }` with the given status.
 * @example return sendError(reply, 404, 'not_found', 'User u0 not found');
 */
export function sendError(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  const body: UpstreamErrorBody = { error, message };
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

/**
 * Parses a comma-separated id list from a query parameter (also accepts the parameter repeated).
 * Returns the de-duplicated ids in request order, or an error message when missing or too long.
 * @example parseIdList(request.query.ids, 'ids') // => { ids: ['u1', 'u2'] }
 */
export function parseIdList(raw: unknown, name: string): { ids: string[] } | { error: string } {
  if (raw === undefined) return { error: `Query parameter ${name} is required` };
  const joined = Array.isArray(raw) ? raw.join(',') : String(raw);
  const ids = [
    ...new Set(
      joined
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id.length > 0),
    ),
  ];
  if (ids.length > MAX_BATCH_IDS) {
    return { error: `Query parameter ${name} lists ${ids.length} ids; at most ${MAX_BATCH_IDS} are allowed` };
  }
  return { ids };
}

function errorNameFor(status: number): string {
  switch (status) {
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'unprocessable';
    default:
      return 'bad_request';
  }
}
