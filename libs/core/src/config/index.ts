export * from './env';
export * from './core-env';
export * from './config-slices';
export * from './http-env';
export * from './admin-env';
