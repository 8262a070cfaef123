import type { FastifyInstance } from 'fastify';
import { ShuttingDownError } from '../errors';

/** `Retry-After` of the shutdown answer, in seconds: another instance can take the request at once. */
const SHUTDOWN_RETRY_AFTER_SECONDS = '1';

/**
 * Lets a closing server drain: once `close()` starts, new requests get 503 problem+json
 * (`BFF_ERR_SHUTTING_DOWN`, with `Retry-After`) instead of fastify's bare `return503OnClosing` JSON, in-flight
 * ones finish, and every answer carries `Connection: close` so keep-alive sockets end with their last response
 * instead of holding `close()` open until their idle timeout.
 */
export function installDrainHooks(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', function startDraining(done) {
    draining = true;
    done();
  });
  fastify.addHook('onRequest', function refuseWhenDraining(_request, _reply, done) {
    if (!draining) return done();
    done(
      new ShuttingDownError('This instance is shutting down; retry the request.', {
        headers: { 'retry-after': SHUTDOWN_RETRY_AFTER_SECONDS },
      }),
    );
  });
  fastify.addHook('onSend', function closeConnectionWhenDraining(_request, reply, payload, done) {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}
