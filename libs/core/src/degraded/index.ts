export * from './degraded-extension.plugin';
export * from './mark-degraded';
