import type { CallOutcome } from './downstream.options';
import { DownstreamUnavailableError } from './downstream.errors';

/** What a client sees when a resilience policy refuses a call (never the upstream's name). */
export const RESILIENCE_DETAILS = Object.freeze({
  circuitOpen: 'An upstream service is failing and is not being called for now.',
  overloaded: 'An upstream service has too many calls in progress.',
});

/**
 * The upstream's circuit breaker is open: the call failed at once without touching the network. `Retry-After`
 * says when the breaker half-opens (rounded up, at least 1 s).
 * @example
 * err.code === 'BFF_ERR_CIRCUIT_OPEN' // 503, headers['Retry-After'] === '5'
 */
export class CircuitOpenError extends DownstreamUnavailableError {
  static override readonly code = 'BFF_ERR_CIRCUIT_OPEN';
  static override readonly status = 503;
  static override readonly title = 'Upstream temporarily disabled';
  static override readonly outcome: CallOutcome = 'circuit_open';
}

/**
 * The upstream's bulkhead is full (its concurrent attempts and its queue): the call was refused at once.
 * @example
 * err.code === 'BFF_ERR_DOWNSTREAM_OVERLOADED' // 503 + Retry-After
 */
export class DownstreamOverloadedError extends DownstreamUnavailableError {
  static override readonly code = 'BFF_ERR_DOWNSTREAM_OVERLOADED';
  static override readonly status = 503;
  static override readonly title = 'Upstream overloaded';
  static override readonly outcome: CallOutcome = 'rejected';
}
