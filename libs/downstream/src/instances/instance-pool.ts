import type { IncomingHttpHeaders } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import { DispatcherGroup } from './dispatcher-group';
import { systemClock, type Clock } from '@bff/core';
import {
  errorCodeOf,
  FAILURE_STATUSES,
  TIMEOUT_ERROR_CODES,
  UNAVAILABLE_ERROR_CODES,
} from '../upstream-failure';
import { InstanceBalancer, type RequestHeaderReader } from './instance-balancer';
import { OutlierDetector, type InstanceState, type OutlierEjectionOptions } from './outlier-ejection';
import type { ResolvedCanaryRule, ResolvedInstance } from './upstream-instance';

/** Options of {@link InstancePool}. */
export interface InstancePoolOptions {
  /** Options of each instance's keep-alive pool. */
  poolOptions: Pool.Options;
  /** Outlier ejection among the instances. Default is its defaults. */
  ejection?: OutlierEjectionOptions;
  /** Which calls go to a canary version. Default is none (weighted round robin over every instance). */
  canary?: ResolvedCanaryRule;
  /** Clock of the ejections. Default is `systemClock`. */
  clock?: Clock;
  /** The dispatcher of one instance. Default is `new Pool(origin, poolOptions)`. */
  connect?: (origin: string, poolOptions: Pool.Options) => Dispatcher;
  /** Reads the served request's headers for the canary rule. Default is the current request context's. */
  requestHeader?: RequestHeaderReader;
}

/**
 * One upstream served by several instances: a keep-alive `Pool` per instance, requests balanced by weighted
 * round robin over the instances in service (after the canary rule, when there is one, picked the version:
 * see {@link InstanceBalancer}), and passive outlier ejection ({@link OutlierDetector}) fed by every answer: a
 * 5xx or a transport failure (reset, refused, timeout) counts against the instance that gave it, any other
 * answer for it; a request the BFF cancelled itself counts for nothing.
 *
 * Ours rather than undici's `BalancedPool`: that one never says which instance served a request, lowers an
 * instance's weight only on connection errors (so a 5xx-answering instance kept its share) and knows no canary.
 * @example
 * const pool = new InstancePool([{ origin: 'http://a:4003', weight: 3 }, { origin: 'http://b:4003', weight: 1 }], {
 *   poolOptions: { connections: 64 },
 *   ejection: { consecutiveFailures: 5 },
 * });
 */
export class InstancePool extends DispatcherGroup {
  /** The origin of each instance, in configuration order. */
  readonly origins: readonly string[];
  private readonly pools: Dispatcher[];
  private readonly outliers: OutlierDetector;
  private readonly balancer: InstanceBalancer;

  constructor(instances: readonly ResolvedInstance[], options: InstancePoolOptions) {
    super();
    const connect = options.connect ?? ((origin, opts) => new Pool(origin, opts));
    this.origins = instances.map((i) => i.origin);
    this.pools = this.origins.map((origin) => connect(origin, options.poolOptions));
    this.outliers = new OutlierDetector(instances.length, options.ejection, options.clock ?? systemClock);
    this.balancer = new InstanceBalancer(
      instances,
      options.canary,
      (i) => this.outliers.inService(i),
      options.requestHeader,
    );
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const i = this.balancer.pick();
    return this.pools[i].dispatch(options, new ObservedHandler(handler, this.outliers, i));
  }

  /** Each instance's ejection state (indexes follow `origins`). */
  instances(): InstanceState[] {
    return this.outliers.state();
  }

  protected override members(): readonly Dispatcher[] {
    return this.pools;
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
