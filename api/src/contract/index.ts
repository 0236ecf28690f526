/**
 * The coldtrace REST API's contract: routes, payload schemas, problem documents and a typed
 * client. Safe for browsers: it depends only on zod and the chaincode's model.
 */
export * from './api-problem-error';
export * from './auth-payloads';
export * from './coldtrace-client';
export * from './founding-members';
export * from './impact-payloads';
export * from './list-query';
export * from './problem';
export * from './record-payloads';
export * from './route';
export * from './routes';
export * from './telemetry-payloads';
export * from './telemetry-ingestion-payloads';
export * from './telemetry-csv';
export * from './notification-payloads';
