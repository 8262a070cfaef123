export * from './env';
export * from './bff-env';
export * from './http-env';
