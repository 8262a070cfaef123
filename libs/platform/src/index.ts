export * from './bff-config';
export * from './bff-platform.module';
