export * from './bff-error';
export * from './core.errors';
export * from './problem';
export * from './error-catalog';
export * from './graphql-error';
export { loadGraphql } from './graphql-lazy';
