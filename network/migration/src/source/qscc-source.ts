import { common } from '@hyperledger/fabric-protos';
import { chaincodeTransactions } from './fabric-block';
import type { SourceLedger, SourceTransaction } from './source-ledger';

/**
 * A Fabric channel read through one peer: blocks from the system chaincode qscc (GetChainInfo,
 * GetBlockByNumber), state from the source chaincode. Subclasses bring the client that evaluates —
 * the Fabric Gateway (peers 2.4+) or fabric-network 2.2 (Amazon Managed Blockchain).
 *
 * @example
 * class MySource extends QsccSource { protected query(cc, fn, args) { … } async close() { … } }
 */
export abstract class QsccSource implements SourceLedger {
    readonly #channel: string;
    readonly #chaincode: string;

    protected constructor(channel: string, chaincode: string) {
        this.#channel = channel;
        this.#chaincode = chaincode;
    }

    /** Evaluates `fn` of `chaincode` on the channel, as the reading identity. */
    protected abstract query(chaincode: string, fn: string, args: readonly string[]): Promise<Uint8Array>;

    abstract close(): Promise<void>;

    async height(): Promise<number> {
        return common.BlockchainInfo.deserializeBinary(await this.query('qscc', 'GetChainInfo', [this.#channel])).getHeight();
    }

    async transactions(blockNumber: number): Promise<SourceTransaction[]> {
        return chaincodeTransactions(await this.query('qscc', 'GetBlockByNumber', [this.#channel, String(blockNumber)]), this.#chaincode);
    }

    evaluate(fn: string, args: readonly string[]): Promise<Uint8Array> {
        return this.query(this.#chaincode, fn, args);
    }
}
