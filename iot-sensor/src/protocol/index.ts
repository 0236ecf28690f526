export * from './reading';
export * from './topics';
export * from './device-config';
