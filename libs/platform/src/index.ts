export * from './bff-platform.module';
