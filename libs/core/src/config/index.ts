export * from './env';
export * from './bff-env';
