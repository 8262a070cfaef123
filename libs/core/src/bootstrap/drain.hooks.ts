import type { FastifyInstance } from 'fastify';

/**
 * Lets a closing server drain: once `close()` starts, new requests get 503 (fastify's `return503OnClosing`),
 * in-flight ones finish, and every answer carries `Connection: close` so keep-alive sockets end with their last
 * response instead of holding `close()` open until their idle timeout.
 */
export function installDrainHooks(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', function startDraining(done) {
    draining = true;
    done();
  });
  fastify.addHook('onSend', function closeConnectionWhenDraining(_request, reply, payload, done) {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}
