export * from './attempt-span';
export * from './cancel-scope';
export * from './deadline';
export * from './principal';
export * from './request-context';
export * from './trace-ids';
export {
  childContext,
  createDetachedContext,
  DelegatingRequestContext,
  type ChildContextOptions,
  type DetachedContextOptions,
} from './request-context.factory';
