export * from './admission-step.interface';
export * from './admission-route';
export * from './admission.registry';
