import { ForbiddenError, isBffError } from '@bff/core';
import { MetricsService } from '@bff/observability';
import { Injectable, Optional } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AuthForbiddenError, AuthUnavailableError } from './auth.errors';

/** The request's logger, when it has one (Fastify's per-request pino child carries the request id). */
interface RequestLog {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * The precise reason of each refusal at admission, which the answer deliberately does not tell: one log line
 * (`authentication refused`, with `reason` and `code`, on the request's logger) and the counter
 * `auth_failures_total{reason}` (`missing`, `token_expired`, `signature_verification_failed`, `unknown_api_key`,
 * `insufficient_scope`, `kind_not_served`, `unavailable`, ...). Reasons are fixed phrases, so the label set is
 * bounded. Without `MetricsService` (an app without observability) only the log line is written.
 *
 * @example failures.record(err, request.log) // auth_failures_total{reason="issuer_not_accepted"} 1
 */
@Injectable()
export class AuthFailures {
  private readonly counter?: Counter<'reason'>;

  constructor(@Optional() metrics?: MetricsService) {
    if (!metrics) return;
    const existing = metrics.registry.getSingleMetric('auth_failures_total') as Counter<'reason'> | undefined;
    this.counter =
      existing ??
      new Counter({
        name: 'auth_failures_total',
        help: 'Requests refused by authentication or authorization, by precise reason.',
        labelNames: ['reason'] as const,
        registers: [metrics.registry],
      });
  }

  /** Records one refusal; anything that is not an auth refusal is ignored. */
  record(err: unknown, log?: RequestLog): void {
    const reason = reasonOf(err);
    if (reason === undefined) return;
    this.counter?.inc({ reason });
    log?.info({ reason, code: (err as { code: string }).code }, 'authentication refused');
  }
}

/** A metric-label form of an auth refusal's reason, or undefined for other errors. */
export function reasonOf(err: unknown): string | undefined {
  if (!isBffError(err)) return undefined;
  if (err instanceof AuthForbiddenError) return 'insufficient_scope';
  if (err instanceof ForbiddenError) return 'kind_not_served';
  if (err instanceof AuthUnavailableError) return 'unavailable';
  const { reason } = err as { reason?: unknown };
  if (typeof reason !== 'string') return undefined;
  return reason
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 64);
}
