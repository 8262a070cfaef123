import { Injectable } from '@nestjs/common';
import type {
  AdmissionContext,
  AdmissionOutcome,
  AdmissionRequest,
  AdmissionResponse,
  AdmissionRoute,
  AdmissionStep,
  AdmissionTransport,
} from './admission-step.interface';

/** Where a request keeps its admission (one per HTTP request). */
const ADMISSION = Symbol('bff.admission');

type Memo = { [ADMISSION]?: AdmissionOutcome | Promise<AdmissionOutcome> };

/** What {@link AdmissionRegistry.admit} needs to know about one request. */
export interface AdmissionInput {
  transport: AdmissionTransport;
  request: AdmissionRequest;
  response?: AdmissionResponse;
  route: AdmissionRoute;
}

/**
 * The ordered list of admission steps, and the one place that runs them. Libs register what they contribute
 * (auth its authenticate step, rate-limit its limiter, GraphQL its cost check); nobody keeps a central list.
 * A request is admitted once: the outcome is memoized on the request object, so the REST guard, a GraphQL
 * context factory and every GraphQL root field share one run.
 *
 * @example
 * // in a lib's module
 * constructor(admission: AdmissionRegistry, step: RateLimitStep) { admission.register(step); }
 * // in a transport
 * const { principal, error } = await admission.admit({ transport: 'http', request, route });
 */
@Injectable()
export class AdmissionRegistry {
  private list: readonly AdmissionStep[] = [];

  /** The registered steps, in the order they run. */
  get steps(): readonly AdmissionStep[] {
    return this.list;
  }

  /**
   * Adds a step; steps run by ascending `order` (registration order among equals).
   * @throws TypeError when the step has no name, no numeric order or no `admit`, or its name is taken.
   */
  register(step: AdmissionStep): void {
    if (typeof step?.name !== 'string' || step.name === '')
      throw new TypeError('an admission step needs a name');
    if (typeof step.order !== 'number' || Number.isNaN(step.order)) {
      throw new TypeError(`admission step "${step.name}": order must be a number`);
    }
    if (typeof step.admit !== 'function')
      throw new TypeError(`admission step "${step.name}": admit must be a function`);
    if (this.list.some((s) => s.name === step.name)) {
      throw new TypeError(`admission step "${step.name}" is already registered`);
    }
    this.list = Object.freeze([...this.list, step].sort((a, b) => a.order - b.order));
  }

  /**
   * Admits the request once: the first call runs every step, later calls for the same request get the same
   * outcome. Never rejects: a refusal is the outcome's `error`.
   */
  admit(input: AdmissionInput): Promise<AdmissionOutcome> {
    const outcome = this.admitNow(input);
    return outcome instanceof Promise ? outcome : Promise.resolve(outcome);
  }

  /**
   * {@link admit}, answered synchronously when every step answered synchronously (e.g. a bearer token found in
   * the verified-token cache): the REST guard then lets the request through without a promise. Each promise
   * costs twice under Node 20's AsyncLocalStorage hooks; the chain guard → admission → step → authenticator →
   * verifier made about ten per request. Never throws: a refusal is the outcome's `error`.
   * @example const outcome = admission.admitNow(input); if (outcome instanceof Promise) return outcome.then(pass);
   */
  admitNow(input: AdmissionInput): AdmissionOutcome | Promise<AdmissionOutcome> {
    const memo = input.request as Memo;
    return (memo[ADMISSION] ??= this.runFrom(0, {
      transport: input.transport,
      request: input.request,
      response: input.response,
      route: input.route,
      principal: undefined,
    }));
  }

  /** Runs the steps from index `first`: synchronously while they answer synchronously. */
  private runFrom(first: number, ctx: AdmissionContext): AdmissionOutcome | Promise<AdmissionOutcome> {
    const steps = this.list;
    for (let i = first; i < steps.length; i++) {
      let pending: void | Promise<void>;
      try {
        pending = steps[i].admit(ctx);
      } catch (error) {
        return { principal: ctx.principal, error };
      }
      if (pending) {
        return pending.then(
          () => this.runFrom(i + 1, ctx),
          (error: unknown) => ({ principal: ctx.principal, error }),
        );
      }
    }
    return { principal: ctx.principal };
  }
}

/**
 * The admission already started for `request`, or undefined when none ran yet.
 * @example const outcome = await admissionOf(req); // in a GraphQL root-field guard
 */
export function admissionOf(request: object | undefined): Promise<AdmissionOutcome> | undefined {
  const outcome = (request as Memo | undefined)?.[ADMISSION];
  return outcome === undefined || outcome instanceof Promise ? outcome : Promise.resolve(outcome);
}
