import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import type { LedgerIdentity } from '@coldtrace/ledger-client';
import { type Contract, connect, type Gateway, hash, signers } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { chaincodeTransactions } from './fabric-block';
import type { SourceLedger, SourceTransaction } from './source-ledger';

/** A Fabric peer the source is read through. */
export interface SourcePeer {
    endpoint: string;
    tlsCaCert: string;
    hostnameOverride?: string;
}

/** Blocks can be large: a 2,000-serial coldtrace step writes about 5 MB. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/**
 * A Fabric 2.2+ channel as a migration source, through the Fabric Gateway API (peers 2.4+): blocks
 * from the system chaincode qscc (GetChainInfo, GetBlockByNumber), state from the source chaincode.
 * For Amazon Managed Blockchain's Fabric 2.2 peers, which have no Gateway service, the same
 * {@link SourceLedger} is to be served over a fabric-network 2.2 client (qscc is the same there).
 *
 * @example
 * const source = GatewaySource.connect(peer, identity, 'coldtrace', 'supplychaincc');
 */
export class GatewaySource implements SourceLedger {
    private constructor(
        private readonly client: grpc.Client,
        private readonly gateway: Gateway,
        private readonly channel: string,
        private readonly chaincode: string,
    ) {}

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

    private contract(name: string): Contract {
        return this.gateway.getNetwork(this.channel).getContract(name);
    }

    async height(): Promise<number> {
        const info = common.BlockchainInfo.deserializeBinary(await this.contract('qscc').evaluateTransaction('GetChainInfo', this.channel));
        return info.getHeight();
    }

    async transactions(blockNumber: number): Promise<SourceTransaction[]> {
        return chaincodeTransactions(await this.contract('qscc').evaluateTransaction('GetBlockByNumber', this.channel, String(blockNumber)), this.chaincode);
    }

    evaluate(fn: string, args: readonly string[]): Promise<Uint8Array> {
        return this.contract(this.chaincode).evaluateTransaction(fn, ...args);
    }

    async close(): Promise<void> {
        this.gateway.close();
        this.client.close();
    }
}
