export { AuthenticationError } from '@coldtrace/telemetry';
export * from './password-hasher';
export * from './token-service';
export * from './user-directory';
export * from './user-directory-error';
export * from './sign-in-locked-error';
export * from './sign-in-throttle';
