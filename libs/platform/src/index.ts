export * from './bff-config';
export * from './bff-platform.module';
export * from './policy/policy.schema';
export * from './policy/policy-file';
export * from './policy/policy-upstreams';
export { PolicyRoutes, routeMetadata } from './policy/policy-routes';
export { describeUpstream } from './policy/policy-table';
