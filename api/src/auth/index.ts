export * from './authentication-error';
export * from './password-hasher';
export * from './token-service';
export * from './user-directory';
export * from './user-directory-error';
