export * from './errors';
export * from './errors/problem.filter';
export * from './time';
export * from './context';
export * from './config';
export * from './http/public.decorator';
export * from './bootstrap';
export * from './http/id.pipe';
