import type { FabricNetworkConfig } from '@coldtrace/ledger-client';

/** The identity Caliper's workers sign with: one organization's user, as PEM files on disk. */
export interface CaliperInvoker {
    /** The name workloads give as `invokerIdentity`. */
    name: string;
    mspId: string;
    certPath: string;
    keyPath: string;
}

/** A Caliper v2 network configuration and the connection profile it points at, both ready to write as JSON. */
export interface CaliperNetworkFiles {
    network: CaliperNetwork;
    connectionProfile: ConnectionProfile;
}

interface CaliperNetwork {
    name: string;
    version: '2.0.0';
    caliper: { blockchain: 'fabric'; sutOptions: { mutualTls: false } };
    channels: { channelName: string; contracts: { id: string }[] }[];
    organizations: {
        mspid: string;
        identities: { certificates: { name: string; clientPrivateKey: { path: string }; clientSignedCert: { path: string } }[] };
        connectionProfile: { path: string; discover: true };
    }[];
}

interface ConnectionProfile {
    name: string;
    version: '1.0.0';
    client: { organization: string };
    organizations: Record<string, { mspid: string; peers: string[] }>;
    peers: Record<string, { url: string; tlsCACerts: { path: string }; grpcOptions: Record<string, string> }>;
}

/** The invoker's organization is missing from coldtrace's network description. */
export class UnknownInvokerOrganizationError extends Error {
    constructor(mspId: string, known: readonly string[]) {
        super(`the network description has no organization ${mspId} (it has ${known.join(', ')}): Caliper's invoker must belong to one of them`);
        this.name = 'UnknownInvokerOrganizationError';
    }
}

/**
 * Caliper's view of the network of `npm run network:up`, derived from coldtrace's own description
 * (.fabric/network/connection.json): the channel with the contracts under test, and the invoker's
 * organization with its identity and a connection profile naming its gateway peer (endpoint, TLS
 * CA, the TLS host name the peer's certificate carries). The other organizations' peers are found
 * by the gateway's discovery, as coldtrace's own client finds them, so only the invoker's
 * organization is listed.
 *
 * @example
 * const { network, connectionProfile } = caliperNetworkFiles(readFabricNetworkConfig(path), invoker, ['coldtrace', 'coldtrace-floor'], '/run/profile.json');
 */
export function caliperNetworkFiles(description: FabricNetworkConfig, invoker: CaliperInvoker, contracts: readonly string[], connectionProfilePath: string): CaliperNetworkFiles {
    const org = description.organizations[invoker.mspId];
    if (!org) {
        throw new UnknownInvokerOrganizationError(invoker.mspId, Object.keys(description.organizations));
    }
    const peerName = org.peer.hostnameOverride ?? org.peer.endpoint.replace(/:\d+$/, '');
    // Caliper's gateway connector turns this key into gRPC's grpc.ssl_target_name_override.
    const grpcOptions: Record<string, string> = org.peer.hostnameOverride ? { 'ssl-target-name-override': org.peer.hostnameOverride } : {};
    return {
        network: {
            name: `coldtrace-${description.channel}`,
            version: '2.0.0',
            caliper: { blockchain: 'fabric', sutOptions: { mutualTls: false } },
            channels: [{ channelName: description.channel, contracts: contracts.map((id) => ({ id })) }],
            organizations: [
                {
                    mspid: invoker.mspId,
                    identities: { certificates: [{ name: invoker.name, clientPrivateKey: { path: invoker.keyPath }, clientSignedCert: { path: invoker.certPath } }] },
                    connectionProfile: { path: connectionProfilePath, discover: true },
                },
            ],
        },
        connectionProfile: {
            name: `coldtrace-${invoker.mspId}`,
            version: '1.0.0',
            client: { organization: invoker.mspId },
            organizations: { [invoker.mspId]: { mspid: invoker.mspId, peers: [peerName] } },
            peers: { [peerName]: { url: `grpcs://${org.peer.endpoint}`, tlsCACerts: { path: org.peer.tlsCaCertPath }, grpcOptions } },
        },
    };
}
