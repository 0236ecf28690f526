import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { connect, type Gateway, hash, signers } from '@hyperledger/fabric-gateway';
import { QsccSource } from './qscc-source';
import type { SourceLedger } from './source-ledger';

/** A Fabric peer the source is read through. */
export interface SourcePeer {
    endpoint: string;
    tlsCaCert: string;
    hostnameOverride?: string;
}

/** Blocks can be large: a 2,000-serial coldtrace step writes about 5 MB. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * A Fabric channel as a migration source through the Fabric Gateway API (peers 2.4+). Amazon Managed
 * Blockchain's Fabric 2.2 peers have no Gateway service: {@link LegacySource} reads them.
 *
 * @example
 * const source = connectGatewaySource(peer, identity, 'coldtrace', 'supplychaincc');
 */
export function connectGatewaySource(peer: SourcePeer, identity: LedgerIdentity, channel: string, chaincode: string): SourceLedger {
    return GatewaySource.connect(peer, identity, channel, chaincode);
}

export class GatewaySource extends QsccSource {
    readonly #client: grpc.Client;
    readonly #gateway: Gateway;
    readonly #channel: string;

    private constructor(client: grpc.Client, gateway: Gateway, channel: string, chaincode: string) {
        super(channel, chaincode);
        this.#client = client;
        this.#gateway = gateway;
        this.#channel = channel;
    }

    static connect(peer: SourcePeer, identity: LedgerIdentity, channel: string, chaincode: string): GatewaySource {
        const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(Buffer.from(peer.tlsCaCert)), {
            'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
            ...(peer.hostnameOverride ? { 'grpc.ssl_target_name_override': peer.hostnameOverride } : {}),
        });
        const gateway = connect({
            client,
            identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certificate) },
            signer: signers.newPrivateKeySigner(createPrivateKey(identity.privateKey)),
            hash: hash.sha256,
            evaluateOptions: () => ({ deadline: Date.now() + 60_000 }),
        });
        return new GatewaySource(client, gateway, channel, chaincode);
    }

    protected query(chaincode: string, fn: string, args: readonly string[]): Promise<Uint8Array> {
        return this.#gateway
            .getNetwork(this.#channel)
            .getContract(chaincode)
            .evaluateTransaction(fn, ...args);
    }

    async close(): Promise<void> {
        this.#gateway.close();
        this.#client.close();
    }
}
