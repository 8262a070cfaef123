import {
  ConflictError,
  InternalError,
  RequestContextStore,
  UnprocessableError,
  ValidationError,
  type Principal,
} from '@bff/core';
import {
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, finalize, from, mergeMap, of, throwError, type Observable } from 'rxjs';
import { DEFAULT_REPLAY_HEADERS, IDEMPOTENT_KEY, IDEMPOTENT_REPLAYED_HEADER } from './idempotency.constants';
import { requestFingerprint } from './idempotency.fingerprint';
import { readIdempotencyKey } from './idempotency-key';
import { IDEMPOTENCY_MODULE_OPTIONS } from './idempotency.module-definition';
import type { IdempotencyModuleOptions } from './idempotency.module-options';
import {
  IdempotencyStore,
  type ClaimOutcome,
  type IdempotencyRecordId,
  type StoredResponse,
} from './idempotency-store.interface';
import type { ResolvedIdempotentOptions } from './idempotent.decorator';

const DEFAULT_ROUTE: ResolvedIdempotentOptions = { required: false, replayHeaders: DEFAULT_REPLAY_HEADERS };

/** The default scope of a principal's keys: `<kind>:<clientId or subject>`. */
export function defaultIdempotencyScope(principal: Principal): string {
  return `${principal.kind}:${principal.clientId ?? principal.subject}`;
}

/**
 * The interceptor behind `@Idempotent()` (see there for the semantics). Per request with a key: one atomic
 * claim in the {@link IdempotencyStore}; then a replay, a 409/422, or the handler, whose answer is stored before
 * it is sent (so a retry after the answer always finds it). A handler that fails, or whose client goes away
 * before the answer, releases the key. A request without a key passes through untouched (or is a 400 when the
 * route requires one). REST only: other transports pass through.
 *
 * Seams for a subclass: {@link scopeOf} (whose keys meet), {@link fingerprintOf} (what makes two requests the
 * same write).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    protected readonly reflector: Reflector,
    @Inject(IdempotencyStore) protected readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_MODULE_OPTIONS) protected readonly options: IdempotencyModuleOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const handler = context.getHandler();
    const route =
      this.reflector.getAllAndOverride<ResolvedIdempotentOptions | undefined>(IDEMPOTENT_KEY, [
        handler,
        context.getClass(),
      ]) ?? DEFAULT_ROUTE;
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { principal?: Principal }>();
    const key = readIdempotencyKey(request.raw.rawHeaders);
    if (key === undefined) {
      if (route.required) throw new ValidationError('This request needs an Idempotency-Key header.');
      return next.handle();
    }
    const principal = request.principal ?? RequestContextStore.current()?.principal;
    if (!principal) throw new InternalError('An idempotent route was reached without a verified principal.');
    const id: IdempotencyRecordId = { scope: this.scopeOf(principal), key };
    const fingerprint = this.fingerprintOf(request);
    const status: number =
      Reflect.getMetadata(HTTP_CODE_METADATA, handler) ??
      (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    const reply = http.getResponse<FastifyReply>();
    return from(this.store.claim(id, fingerprint, this.options.config.leaseMs)).pipe(
      mergeMap((claim) => this.answer(claim, { id, fingerprint, status, route, reply, next })),
    );
  }

  /** The scope the principal's keys live in (the module's `scopeOf`, else {@link defaultIdempotencyScope}). */
  protected scopeOf(principal: Principal): string {
    return (this.options.scopeOf ?? defaultIdempotencyScope)(principal);
  }

  /** What makes two requests with one key the same write: method, path with query, canonical JSON body. */
  protected fingerprintOf(request: FastifyRequest): string {
    return requestFingerprint(request.method, request.url, request.body);
  }

  private answer(claim: ClaimOutcome, write: Write): Observable<unknown> {
    if (claim.state !== 'claimed' && claim.fingerprint !== write.fingerprint) {
      throw new UnprocessableError(
        'This Idempotency-Key was used with another request (method, path or body); ' +
          'send a new key for a new request.',
      );
    }
    if (claim.state === 'in-progress') {
      throw new ConflictError(
        'A request with this Idempotency-Key is still in progress; retry once it has completed.',
        { headers: { 'Retry-After': '1' } },
      );
    }
    if (claim.state === 'completed') return of(replay(write.reply, claim.response));
    return this.run(claim.token, write);
  }

  /** Runs the handler, stores its answer before it is sent, or frees the key when there is none. */
  private run(token: string, { id, fingerprint, status, route, reply, next }: Write): Observable<unknown> {
    let settled = false;
    const release = async (): Promise<void> => {
      if (settled) return;
      settled = true;
      await this.store.release(id, token).catch((err: unknown) => this.warn('release', err));
    };
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        settled = true;
        const response: StoredResponse = {
          status,
          headers: pickHeaders(reply, route.replayHeaders),
          body: body === undefined ? null : JSON.parse(JSON.stringify(body)),
        };
        const ttlMs = this.options.config.ttlMs;
        // The write is done: a store that cannot record it costs replays (the lease runs out, and a retry
        // runs again with the same key upstream), never the answer.
        const stored = await this.store
          .complete(id, { token, fingerprint, response, ttlMs })
          .catch((err: unknown) => this.warn('complete', err));
        if (stored === false)
          this.logger.warn('an idempotent write outlived its lease; its answer was not stored');
        return body;
      }),
      catchError((err: unknown) => from(release()).pipe(mergeMap(() => throwError(() => err)))),
      finalize(() => void release()),
    );
  }

  private warn(step: string, err: unknown): undefined {
    this.logger.warn(`could not ${step} an idempotency record: ${(err as Error)?.message ?? err}`);
    return undefined;
  }
}

interface Write {
  id: IdempotencyRecordId;
  fingerprint: string;
  status: number;
  route: ResolvedIdempotentOptions;
  reply: FastifyReply;
  next: CallHandler;
}

function pickHeaders(reply: FastifyReply, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = reply.getHeader(name);
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/** Sets the stored headers and the replay mark; the route's status and the stored body follow. */
function replay(reply: FastifyReply, response: StoredResponse): unknown {
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return response.body;
}
