import type { FabricPeerEndpoint } from './fabric-gateway-ledger';

/** What a static connection profile is built from: the channel, each organization's peer, the orderer. */
export interface LegacyProfileInput {
    channel: string;
    peers: Readonly<Record<string, FabricPeerEndpoint>>;
    orderer?: FabricPeerEndpoint;
    /** With discovery on, the peers find the orderer themselves and the profile may lack it. */
    discovery: boolean;
}

/** The name the profile gives an organization's peer (one peer per organization in a description). */
export const legacyPeerName = (mspId: string): string => `peer.${mspId}`;

/** The name the profile gives the ordering service's endpoint. */
export const LEGACY_ORDERER_NAME = 'orderer';

/**
 * A common connection profile, as fabric-network 2.2 loads it, for a channel reached without service
 * discovery (Amazon Managed Blockchain's peers answer none): every organization's peer endorses,
 * answers queries and delivers events, and the one orderer takes the endorsed transactions.
 *
 * @example
 * const profile = legacyConnectionProfile({ channel: 'coldtrace', peers, orderer, discovery: false });
 * await loadFromConfig(client, profile);
 */
export function legacyConnectionProfile(input: LegacyProfileInput): Record<string, unknown> {
    if (!input.orderer && !input.discovery) {
        throw new Error(
            'the legacy Fabric client sends transactions to the orderer itself when discovery is off: add "orderer": {"endpoint", "tlsCaCertPath"} to the network description',
        );
    }
    const peerNames = Object.keys(input.peers).map(legacyPeerName);
    return {
        name: `coldtrace-${input.channel}`,
        version: '1.0.0',
        organizations: Object.fromEntries(Object.keys(input.peers).map((mspId) => [mspId, { mspid: mspId, peers: [legacyPeerName(mspId)] }])),
        peers: Object.fromEntries(Object.entries(input.peers).map(([mspId, peer]) => [legacyPeerName(mspId), endpointProfile(peer)])),
        ...(input.orderer && { orderers: { [LEGACY_ORDERER_NAME]: endpointProfile(input.orderer) } }),
        channels: {
            [input.channel]: {
                ...(input.orderer && { orderers: [LEGACY_ORDERER_NAME] }),
                peers: Object.fromEntries(peerNames.map((name) => [name, { endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true }])),
            },
        },
    };
}

function endpointProfile(endpoint: FabricPeerEndpoint): Record<string, unknown> {
    return {
        url: `grpcs://${endpoint.endpoint}`,
        tlsCACerts: { pem: endpoint.tlsCaCert },
        grpcOptions: endpoint.hostnameOverride ? { 'ssl-target-name-override': endpoint.hostnameOverride } : {},
    };
}
