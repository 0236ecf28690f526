import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { creatorName } from './creator-name';
import type { SourceTransaction } from './source-ledger';

/** Where a block's metadata keeps the peer's validation code of each transaction (TRANSACTIONS_FILTER). */
const TRANSACTIONS_FILTER = 2;
const VALID = 0;

/**
 * The valid endorser transactions of one chaincode in a Fabric block, as qscc GetBlockByNumber
 * returns it: each with its id, timestamp, creator (MSP and certificate common name) and its writes
 * to the chaincode's namespace.
 *
 * @example
 * const txs = chaincodeTransactions(await qscc.evaluateTransaction('GetBlockByNumber', channel, '7'), 'supplychaincc');
 */
export function chaincodeTransactions(blockBytes: Uint8Array, chaincode: string): SourceTransaction[] {
    const block = common.Block.deserializeBinary(blockBytes);
    const codes = block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();
    const transactions: SourceTransaction[] = [];
    block
        .getData()
        ?.getDataList_asU8()
        .forEach((data, i) => {
            if (codes[i] !== VALID) {
                return;
            }
            const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(data).getPayload_asU8());
            const header = payload.getHeader();
            if (!header) {
                return;
            }
            const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
            if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
                return;
            }
            const creator = msp.SerializedIdentity.deserializeBinary(common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8());
            const writes = namespaceWrites(payload.getData_asU8(), chaincode);
            if (writes.length === 0) {
                return;
            }
            const timestamp = channelHeader.getTimestamp();
            transactions.push({
                txId: channelHeader.getTxId(),
                time: new Date((timestamp?.getSeconds() ?? 0) * 1000 + Math.floor((timestamp?.getNanos() ?? 0) / 1e6)).toISOString(),
                msp: creator.getMspid(),
                user: creatorName(Buffer.from(creator.getIdBytes_asU8()).toString('utf8')),
                writes,
            });
        });
    return transactions;
}

/** The writes an endorser transaction's actions make to one namespace. */
function namespaceWrites(transactionBytes: Uint8Array, namespace: string): SourceTransaction['writes'] {
    const writes: SourceTransaction['writes'] = [];
    for (const action of peer.Transaction.deserializeBinary(transactionBytes).getActionsList()) {
        const endorsed = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()).getAction();
        if (!endorsed) {
            continue;
        }
        const response = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
        const results = peer.ChaincodeAction.deserializeBinary(response.getExtension_asU8()).getResults_asU8();
        for (const set of ledger.rwset.TxReadWriteSet.deserializeBinary(results).getNsRwsetList()) {
            if (set.getNamespace() !== namespace) {
                continue;
            }
            for (const write of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(set.getRwset_asU8()).getWritesList()) {
                writes.push({ key: write.getKey(), isDelete: write.getIsDelete(), value: write.getIsDelete() ? undefined : write.getValue_asU8() });
            }
        }
    }
    return writes;
}
