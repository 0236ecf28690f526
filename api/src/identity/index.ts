export * from './embedded-identity-issuer';
export * from './fabric-identity-issuer';
export * from './identity-issuer';
export * from './user-identities';
export * from './wallet';
