export * from './cancel-scope';
export * from './clock';
export * from './deadline';
export * from './principal';
export * from './request-context';
export * from './trace-ids';
export * from './scoped-context';
