import type { IncomingHttpHeaders } from 'node:http';
import { Dispatcher, Pool } from 'undici';
import { systemClock, type Clock } from '@bff/core';
import {
  errorCodeOf,
  FAILURE_STATUSES,
  TIMEOUT_ERROR_CODES,
  UNAVAILABLE_ERROR_CODES,
} from '../upstream-failure';
import { OutlierDetector, type InstanceState, type OutlierEjectionOptions } from './outlier-ejection';

/**
 * One upstream served by several instances: a keep-alive `Pool` per instance, requests balanced round robin over
 * the instances in service, and passive outlier ejection ({@link OutlierDetector}) fed by every answer: a 5xx
 * or a transport failure (reset, refused, timeout) counts against the instance that gave it, any other answer
 * for it; a request the BFF cancelled itself counts for nothing.
 *
 * Ours rather than undici's `BalancedPool`: that one never says which instance served a request and lowers an
 * instance's weight only on connection errors, so a 5xx-answering instance kept its share.
 * @example
 * const pool = new InstancePool(['http://a:4003', 'http://b:4003'], { connections: 64 }, { consecutiveFailures: 5 });
 */
export class InstancePool extends Dispatcher {
  private readonly pools: Pool[];
  private readonly outliers: OutlierDetector;

  constructor(
    readonly origins: readonly string[],
    poolOptions: Pool.Options,
    ejection: OutlierEjectionOptions = {},
    clock: Clock = systemClock,
  ) {
    super();
    this.pools = origins.map((origin) => new Pool(origin, poolOptions));
    this.outliers = new OutlierDetector(origins.length, ejection, clock);
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const i = this.outliers.pick();
    return this.pools[i].dispatch(options, new ObservedHandler(handler, this.outliers, i));
  }

  /** Each instance's ejection state (indexes follow `origins`). */
  instances(): InstanceState[] {
    return this.outliers.state();
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const closing = Promise.all(this.pools.map((pool) => pool.close())).then(() => undefined);
    if (!callback) return closing;
    closing.then(callback, callback);
  }

  override destroy(err: Error | null, callback: () => void): void;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null): Promise<void>;
  override destroy(): Promise<void>;
  override destroy(a?: Error | null | (() => void), b?: () => void): Promise<void> | void {
    const err = typeof a === 'function' ? null : (a ?? null);
    const callback = typeof a === 'function' ? a : b;
    const destroying = Promise.all(this.pools.map((pool) => pool.destroy(err))).then(() => undefined);
    if (!callback) return destroying;
    destroying.then(callback, callback);
  }
}

/** Passes every event on to the caller's handler, recording the instance's result once. */
class ObservedHandler implements Dispatcher.DispatchHandler {
  private recorded = false;

  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly outliers: OutlierDetector,
    private readonly index: number,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    socket: import('node:stream').Duplex,
  ): void {
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (statusCode >= 200) this.record(FAILURE_STATUSES.has(statusCode));
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, err: Error): void {
    const code = errorCodeOf(err);
    if (code && (UNAVAILABLE_ERROR_CODES.has(code) || TIMEOUT_ERROR_CODES.has(code))) this.record(true);
    this.inner.onResponseError?.(controller, err);
  }

  private record(failed: boolean): void {
    if (this.recorded) return;
    this.recorded = true;
    this.outliers.record(this.index, failed);
  }
}
