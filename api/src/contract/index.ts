/**
 * The coldtrace REST API's contract: routes, payload schemas, problem documents and a typed
 * client. Safe for browsers: it depends only on zod, the chaincode's model and the telemetry
 * payloads (`@coldtrace/telemetry/contract`, itself browser-safe).
 */
export * from './api-problem-error';
export * from './auth-payloads';
export * from './coldtrace-client';
export * from './founding-members';
export * from './impact-payloads';
export * from './list-query';
export * from './problem';
export * from './readings-stored-event';
export * from './record-payloads';
export * from './route';
export * from './routes';
export * from '@coldtrace/telemetry/contract';
export * from './telemetry-csv';
export * from './notification-payloads';
export * from './client-scope';
export * from './oauth-payloads';
export * from './oidc-payloads';
