export * from './ledger/ledger';
export * from './ledger/ledger-error';
export { EmbeddedLedgerBackend } from './ledger/embedded-ledger-backend';
