export * from './free-port.helper';
export * from './faults.contract';
export * from './faults.helper';
export * from './redis-server.helper';
export * from './redis-cluster.helper';
export * from './tokens.helper';
export * from './test-idp.helper';
export * from './wait.helper';
