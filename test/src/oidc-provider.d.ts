// oidc-provider ships no types; the test provider uses the few parts it needs through its own interface.
declare module 'oidc-provider';
