export * from './reading';
export * from './topics';
export * from './device-config';
export * from './client-ids';
