/**
 * The chaincode's public model: schemas, types, identifiers and error codes, without the contract
 * classes, so the API and clients can share them without loading fabric-contract-api's decorators.
 */
export * from '../access/service-role';
export * from '../access/rules-table';
export * from '../errors/chaincode-error';
export * from '../errors/bulk-refusal-error';
export * from '../gs1';
export { CanonicalJsonError, canonicalJson } from '../ledger/canonical-json';
export { sha256, sha256Hex, type Sha256Input } from '../ledger/sha256';
export * from './batch';
export * from './batch-anomaly';
export * from './batch-impact';
export * from './bulk-step';
export * from './common';
export * from './epcis-anchor';
export * from './excursion';
export * from './excursion-disposition';
export * from '../errors/hold-error';
export * from './gs1-fields';
export * from './handling-unit';
export * from './limits';
export * from './member';
export * from './migration';
export * from './money';
export * from './numbered-serial';
export * from './order';
export * from './product';
export * from './shipment';
export * from './telemetry-digest';
export type { HistoryEntry } from '../contracts/query-contract';
export type { LedgerEvent } from '../ledger/coldtrace-context';
export type { ProductView } from '../views/product-view';
export type { PublicProvenance, Trace } from '../views/trace-view';
