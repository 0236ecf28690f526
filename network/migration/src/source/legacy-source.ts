import type { FabricPeerEndpoint, LedgerIdentity } from '@coldtrace/ledger-client';
import { legacyConnectionProfile } from '@coldtrace/ledger-client';
import { Client } from 'fabric-common';
import { Gateway, type X509Identity } from 'fabric-network';
// fabric-network 2.2 exports no loader for a profile object; pinned at 2.2.20, as the API's legacy client is.
import { loadFromConfig } from 'fabric-network/lib/impl/ccp/networkconfig';
import { QsccSource } from './qscc-source';

/** Where a Fabric 2.2 source is read: one organization's peer, and the orderer a static profile names. */
export interface LegacySourcePeers {
    channel: string;
    mspId: string;
    peer: FabricPeerEndpoint;
    orderer?: FabricPeerEndpoint;
}

/**
 * A Fabric 2.2 channel as a migration source through fabric-network 2.2 — what Amazon Managed
 * Blockchain's peers accept (they have no Gateway service): blocks from qscc, state from the source
 * chaincode, both evaluated on the reading organization's own peer with discovery off, as AMB needs.
 *
 * @example
 * const source = await LegacySource.connect({ channel: 'mainchannel', mspId: 'm-ABC', peer, orderer }, identity, 'supplychaincc');
 */
export class LegacySource extends QsccSource {
    readonly #gateway: Gateway;
    readonly #client: Client;
    readonly #channel: string;

    private constructor(gateway: Gateway, client: Client, channel: string, chaincode: string) {
        super(channel, chaincode);
        this.#gateway = gateway;
        this.#client = client;
        this.#channel = channel;
    }

    static async connect(where: LegacySourcePeers, identity: LedgerIdentity, chaincode: string): Promise<LegacySource> {
        const client = new Client('coldtrace-migration');
        // Reading needs only the own peer; a profile without service discovery must still name the orderer.
        await loadFromConfig(client, legacyConnectionProfile({ channel: where.channel, peers: { [where.mspId]: where.peer }, orderer: where.orderer, discovery: !where.orderer }));
        const gateway = new Gateway();
        const x509: X509Identity = { type: 'X.509', mspId: identity.mspId, credentials: { certificate: identity.certificate, privateKey: identity.privateKey } };
        await gateway.connect(client, {
            identity: x509,
            discovery: { enabled: false, asLocalhost: false },
            queryHandlerOptions: { timeout: 60 },
        });
        return new LegacySource(gateway, client, where.channel, chaincode);
    }

    protected async query(chaincode: string, fn: string, args: readonly string[]): Promise<Uint8Array> {
        return (await this.#gateway.getNetwork(this.#channel)).getContract(chaincode).evaluateTransaction(fn, ...args);
    }

    async close(): Promise<void> {
        this.#gateway.disconnect();
        this.#client.close();
    }
}
