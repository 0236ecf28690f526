export { type EmbeddedLedger, openEmbeddedLedger, type EmbeddedLedgerOptions, type SubmitResult, type TransactionOptions } from './embedded-ledger';
export type { Block, BlockHeader, LedgerTransaction, StoredBlock, ValidationCode } from './blocks/block';
export type { ChainVerification } from './blocks/chain-verifier';
export type { ChaincodeEvent, ChaincodeEventListener } from './events/chaincode-event';
export * from './errors/ledger-errors';
export * from './identity';
