export * from './create-app';
export * from './serve';
export * from './request-hooks';
export * from './nest-logger';
export * from './run-main';
export * from './logger';
export * from './bff-app';
export * from './edge.options';
export { DrainState, drainStateOf } from './drain.hooks';
export {
  AdminListener,
  AdminRoute,
  hasAdminListener,
  listenAdmin,
  servedByAdminListener,
  type AdminRouteScope,
} from './admin-listener';
export { REDACTED, redactSecrets } from './log-redaction';
