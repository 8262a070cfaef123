export * from './errors';
export * from './context';
export * from './config';
export * from './http/public.decorator';
