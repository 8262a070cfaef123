import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GraphQLError } from 'graphql';
import type { ContextLogger } from '../context';
import { BffError } from './bff-error';
import { toGraphQLError } from './graphql-error';
import { loadGraphql } from './graphql-lazy';
import { PROBLEM_CONTENT_TYPE, toBffError, toProblem } from './problem';

/** Where core's onError hook keeps fastify's original error (Nest re-wraps it without its code). */
export const ORIGINAL_ERROR = Symbol('bff.originalError');

/** Status used in logs for requests whose client went away; never written to a socket. */
const CLIENT_CLOSED = 499;

/**
 * The one place that renders failures: problem+json (RFC 9457) for REST, a `GraphQLError` with
 * `extensions.code` for GraphQL (rendered by {@link toGraphQLError}). 5xx are logged with their cause; no body carries a stack trace,
 * an upstream URL or an upstream's own body.
 * @see https://www.rfc-editor.org/rfc/rfc9457
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly log: ContextLogger) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<'http' | 'graphql' | 'rpc' | 'ws'>();
    if (type === 'graphql') return this.toGraphQLError(exception);

    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest & { [ORIGINAL_ERROR]?: unknown }>();
    const reply = http.getResponse<FastifyReply>();
    const err = toBffError(request[ORIGINAL_ERROR] ?? exception);
    this.record(err, request.log ?? this.log);
    sendProblem(reply, err, String(request.id));
    return undefined;
  }

  private toGraphQLError(exception: unknown): GraphQLError {
    const { GraphQLError } = loadGraphql();
    if (exception instanceof GraphQLError && !exception.originalError) return exception;
    const err = toBffError(exception instanceof GraphQLError ? exception.originalError : exception);
    this.record(err, this.log);
    return toGraphQLError(err);
  }

  private record(err: BffError, log: ContextLogger): void {
    if (err.status >= 500 && err.status !== 502 && err.status !== 503 && err.status !== 504) {
      log.error({ err: err.cause ?? err, code: err.code }, 'request failed');
    } else if (err.status >= 500) {
      // Client details name no upstream service and no HTTP client codes: those go to the log only.
      const { upstream, reason } = err as BffError & { upstream?: unknown; reason?: unknown };
      log.warn(
        {
          code: err.code,
          detail: err.message,
          ...(typeof upstream === 'string' ? { upstream } : {}),
          ...(typeof reason === 'string' ? { reason } : {}),
        },
        'request failed upstream',
      );
    }
  }
}

/**
 * Writes `err` as the problem+json answer of `reply`, with its headers and `x-request-id`: what the filter does
 * for every REST failure, also used for the errors fastify raises before a route runs (`frameworkErrors`).
 * Nothing is written when the client is gone or an answer has already started.
 */
export function sendProblem(reply: FastifyReply, err: BffError, requestId: string): void {
  if (err.status === CLIENT_CLOSED || reply.sent || reply.raw.destroyed) return;
  void reply
    .status(err.status)
    .headers(err.headers)
    .header('x-request-id', requestId)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(toProblem(err, requestId)));
}
