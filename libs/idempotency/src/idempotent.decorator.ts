import {
  applyDecorators,
  createParamDecorator,
  SetMetadata,
  UseInterceptors,
  type ExecutionContext,
} from '@nestjs/common';
import { DEFAULT_REPLAY_HEADERS, IDEMPOTENT_KEY } from './idempotency.constants';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { readIdempotencyKey } from './idempotency-key';

/** Options of {@link Idempotent}. */
export interface IdempotentOptions {
  /** Refuse a write without `Idempotency-Key` (400) instead of running it unprotected. Default is false. */
  required?: boolean;
  /**
   * Response headers (besides the body) a replay repeats, when the first answer had them. Default is
   * `location`, `content-location`, `etag`, `last-modified`.
   */
  replayHeaders?: readonly string[];
}

/** {@link IdempotentOptions} with their defaults, as the interceptor reads them. */
export interface ResolvedIdempotentOptions {
  required: boolean;
  replayHeaders: readonly string[];
}

/**
 * Makes a REST write honour `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header) through
 * {@link IdempotencyInterceptor}: the first request with a key runs; a retry with the same key and the same
 * request (method, path, canonical body) replays the stored status, body and `replayHeaders` with
 * `Idempotent-Replayed: true`, without running the handler; the same key with another request is a 422; a retry
 * while the first still runs is a 409 with `Retry-After`. Keys are scoped per caller and expire
 * (`IDEMPOTENCY_TTL_S`). Only successful answers are stored: a failed write frees its key for a retry.
 * Needs `IdempotencyModule` (the platform provides it) and an authenticated route.
 *
 * @example
 * @Post() @Scopes('orders:write') @Idempotent()
 * create(@Body() body: unknown, @IdempotencyKey() key?: string) { ... }
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) for a malformed or repeated key (or none, when `required`),
 *   ConflictError (BFF_ERR_CONFLICT, 409), UnprocessableError (BFF_ERR_UNPROCESSABLE, 422),
 *   RedisUnavailableError (BFF_ERR_REDIS_UNAVAILABLE, 503) while the shared store is unreachable
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
export function Idempotent(options: IdempotentOptions = {}): MethodDecorator {
  const resolved: ResolvedIdempotentOptions = {
    required: options.required ?? false,
    replayHeaders: (options.replayHeaders ?? DEFAULT_REPLAY_HEADERS).map((name) => name.toLowerCase()),
  };
  return applyDecorators(SetMetadata(IDEMPOTENT_KEY, resolved), UseInterceptors(IdempotencyInterceptor));
}

/**
 * The request's idempotency key (without the sf-string quotes), or undefined when it sent none: for handing it
 * to the upstream that does the write, so the upstream can deduplicate too.
 * @example create(@IdempotencyKey() key: string | undefined) { return this.orders.create(order, { idempotencyKey: key }); }
 * @throws ValidationError (BFF_ERR_VALIDATION, 400) for a malformed or repeated key
 */
export const IdempotencyKey = createParamDecorator(
  (_data: unknown, context: ExecutionContext): string | undefined =>
    readIdempotencyKey(context.switchToHttp().getRequest<{ raw: { rawHeaders: string[] } }>().raw.rawHeaders),
);
