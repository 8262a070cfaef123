export * from './clock';
export * from './deadline';
export * from './principal';
export * from './request-context';
