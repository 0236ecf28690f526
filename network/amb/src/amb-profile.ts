import { GetMemberCommand, GetNetworkCommand, GetNodeCommand, ListNodesCommand, type ManagedBlockchainClient, type NodeSummary } from '@aws-sdk/client-managedblockchain';
import type { FabricNetworkConfig } from '@coldtrace/ledger-client';
import { AmbError, explainAwsError } from './amb-error';

/** Which member of which AMB network to describe, and how coldtrace names its channel and chaincode there. */
export interface AmbProfileRequest {
    networkId: string;
    memberId: string;
    region: string;
    channel: string;
    chaincode: string;
    /**
     * Path of AMB's TLS chain (managedblockchain-tls-chain.pem of the region): peers, orderer and
     * CA of every member present certificates under it.
     */
    tlsRootPath: string;
}

/**
 * Asks Amazon Managed Blockchain for a member's view of its Fabric network (the ordering service,
 * the member's CA, its first available peer) and writes it as coldtrace's network description. On
 * AMB the member id is the member's MSP id, so the organization is keyed by it.
 *
 * @example
 * const client = new ManagedBlockchainClient({ region: 'us-east-1' });
 * const config = await ambProfile(client, { networkId: 'n-ABC', memberId: 'm-DEF', region: 'us-east-1', channel: 'coldtrace', chaincode: 'coldtrace', tlsRootPath: '/etc/coldtrace/managedblockchain-tls-chain.pem' });
 */
export async function ambProfile(client: ManagedBlockchainClient, request: AmbProfileRequest): Promise<FabricNetworkConfig> {
    const { networkId: NetworkId, memberId: MemberId, region } = request;
    const ask = async <T>(what: string, action: string, call: () => Promise<T>): Promise<T> => {
        try {
            return await call();
        } catch (error) {
            throw explainAwsError(error, what, action, region);
        }
    };
    const networkName = `network ${NetworkId}`;
    const memberName = `member ${MemberId} of network ${NetworkId}`;

    const { Network: network } = await ask(networkName, 'GetNetwork', () => client.send(new GetNetworkCommand({ NetworkId })));
    if (network?.Framework !== 'HYPERLEDGER_FABRIC') {
        throw new AmbError(`${networkName} runs ${network?.Framework ?? 'an unknown framework'}, not HYPERLEDGER_FABRIC`);
    }
    const ordererEndpoint = network.FrameworkAttributes?.Fabric?.OrderingServiceEndpoint;
    if (!ordererEndpoint) {
        throw new AmbError(`${networkName} has no ordering service endpoint yet (status ${network.Status ?? 'unknown'}); wait until it is AVAILABLE`);
    }

    const { Member: member } = await ask(memberName, 'GetMember', () => client.send(new GetMemberCommand({ NetworkId, MemberId })));
    if (member?.Status !== 'AVAILABLE') {
        throw new AmbError(`${memberName} is ${member?.Status ?? 'in an unknown state'}, not AVAILABLE`);
    }

    const nodes = await ask(memberName, 'ListNodes', () => listAllNodes(client, NetworkId, MemberId));
    // The lowest id among the available peers, so re-running the command gives the same description.
    const available = nodes.filter((node) => node.Status === 'AVAILABLE').sort((a, b) => (a.Id ?? '').localeCompare(b.Id ?? ''));
    const [lowest] = available;
    if (lowest === undefined) {
        const states = nodes.map((node) => `${node.Id} ${node.Status}`).join(', ');
        throw new AmbError(`${memberName} has no AVAILABLE peer node (${states || 'it has none'}); create one (aws managedblockchain create-node) or wait for it`);
    }
    const nodeId = lowest.Id as string;
    const { Node: node } = await ask(`peer node ${nodeId} of ${memberName}`, 'GetNode', () => client.send(new GetNodeCommand({ NetworkId, MemberId, NodeId: nodeId })));
    const peerEndpoint = node?.FrameworkAttributes?.Fabric?.PeerEndpoint;
    if (!peerEndpoint) {
        throw new AmbError(`peer node ${nodeId} of ${memberName} reports no PeerEndpoint`);
    }

    return {
        channel: request.channel,
        chaincode: request.chaincode,
        fabricVersion: network.FrameworkVersion,
        orderer: { endpoint: ordererEndpoint, tlsCaCertPath: request.tlsRootPath },
        organizations: {
            [MemberId]: {
                peer: { endpoint: peerEndpoint, tlsCaCertPath: request.tlsRootPath },
                caEndpoint: member.FrameworkAttributes?.Fabric?.CaEndpoint,
            },
        },
    };
}

async function listAllNodes(client: ManagedBlockchainClient, NetworkId: string, MemberId: string): Promise<NodeSummary[]> {
    const nodes: NodeSummary[] = [];
    let NextToken: string | undefined;
    do {
        const page = await client.send(new ListNodesCommand({ NetworkId, MemberId, NextToken }));
        nodes.push(...(page.Nodes ?? []));
        NextToken = page.NextToken;
    } while (NextToken);
    return nodes;
}
