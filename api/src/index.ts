export * from './ledger/ledger';
export * from './ledger/ledger-error';
export { EmbeddedLedgerBackend } from './ledger/embedded-ledger-backend';
export { FabricGatewayLedger, type FabricGatewayOptions, type FabricPeerEndpoint } from './ledger/fabric-gateway-ledger';
export { FabricNetworkConfig, fabricGatewayOptions, readFabricNetworkConfig } from './ledger/fabric-network-config';
