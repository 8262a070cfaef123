export * from './upstream.types';
export * from './expect-answer';
export * from './users.api';
export * from './orders.api';
export * from './catalog.api';
export * from './loaders';
export * from './upstreams.module';
export * from './upstream-tuning';
