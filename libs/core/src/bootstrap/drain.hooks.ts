import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { ShuttingDownError } from '../errors';

/** `Retry-After` of the shutdown answer, in seconds: another instance can take the request at once. */
const SHUTDOWN_RETRY_AFTER_SECONDS = '1';

/**
 * Where an app is in its shutdown: `draining` from the signal on (readiness fails, so a load balancer stops
 * sending, while requests are still served), `refusing` once the server closes (new requests get 503).
 */
export class DrainState {
  private started = false;
  private closing = false;

  /** True from {@link start} (or the server's close) on. */
  get draining(): boolean {
    return this.started;
  }

  /** True once the server closes: requests on kept-alive connections get 503 `BFF_ERR_SHUTTING_DOWN`. */
  get refusing(): boolean {
    return this.closing;
  }

  /** Starts draining: readiness answers 503 from now on; requests are still served. Idempotent. */
  start(): void {
    this.started = true;
  }

  /** @internal the server's `preClose`. */
  close(): void {
    this.start();
    this.closing = true;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The app's shutdown state (see {@link DrainState}); readiness reads it. */
    bffDrain: DrainState;
  }
}

/**
 * The shutdown state of an app built by `createApp`, or of its fastify instance.
 * @example if (drainStateOf(reply.server).draining) reply.status(503);
 */
export function drainStateOf(target: FastifyInstance | NestFastifyApplication): DrainState {
  const fastify: FastifyInstance =
    'getHttpAdapter' in target ? target.getHttpAdapter().getInstance() : target;
  return fastify.bffDrain;
}

/**
 * Lets a closing server drain: once `close()` starts, new requests get 503 problem+json
 * (`BFF_ERR_SHUTTING_DOWN`, with `Retry-After`) instead of fastify's bare `return503OnClosing` JSON, in-flight
 * ones finish, and every answer carries `Connection: close` so keep-alive sockets end with their last response
 * instead of holding `close()` open until their idle timeout. Before that, {@link DrainState.start} (called by
 * `serve` on SIGTERM) only fails readiness, for the drain delay.
 */
export function installDrainHooks(fastify: FastifyInstance): void {
  const state = new DrainState();
  fastify.decorate('bffDrain', state);
  fastify.addHook('preClose', function startRefusing(done) {
    state.close();
    done();
  });
  fastify.addHook('onRequest', function refuseWhenDraining(_request, _reply, done) {
    if (!state.refusing) return done();
    done(
      new ShuttingDownError('This instance is shutting down; retry the request.', {
        headers: { 'retry-after': SHUTDOWN_RETRY_AFTER_SECONDS },
      }),
    );
  });
  fastify.addHook('onSend', function closeConnectionWhenDraining(_request, reply, payload, done) {
    if (state.draining) reply.header('connection', 'close');
    done(null, payload);
  });
}
