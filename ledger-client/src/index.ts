/**
 * The coldtrace ledger client: the `Ledger` interface every part of coldtrace writes and reads through,
 * and its backends (the embedded ledger, the Fabric Gateway for peers 2.4+, fabric-network 2.2 for
 * Fabric 2.2 peers such as AMB's).
 *
 * @example
 * const ledger = newEmbeddedLedgerBackend(await openEmbeddedLedger({ dataDir, chaincodePath, organizations }));
 * const client = newJsonLedgerClient(ledger);
 */
export * from './ledger';
export * from './ledger-error';
export * from './membership-bootstrap';
export * from './json-ledger-client';
export { type EmbeddedLedgerBackend, isEmbeddedLedgerBackend, newEmbeddedLedgerBackend } from './embedded-ledger-backend';
export { newFabricGatewayLedger, type FabricGatewayOptions, type FabricPeerEndpoint } from './fabric-gateway-ledger';
export { newFabricLegacyLedger, type FabricLegacyOptions } from './fabric-legacy-ledger';
export { legacyConnectionProfile } from './legacy-connection-profile';
export { FabricNetworkConfig, type MemberView, fabricGatewayOptions, fabricLegacyOptions, memberView, readFabricNetworkConfig } from './fabric-network-config';
export { type FabricCa, type FabricCaConnection, newFabricCa } from './fabric-ca';
export { publishRevocationList, revocationListUpdate } from './msp-revocation-update';
export { beforeBlock, comparePositions, type FeedPosition } from './feed-position';
export type { FeedEvent, LedgerEventConsumer, LedgerEventFeed } from './ledger-event-feed';
export { newLedgerEventFeed, type FanOutFeedOptions } from './fan-out-ledger-event-feed';
