import type { LedgerTransaction, ValidationCode } from '../blocks/block';

/** A chaincode event of a committed, valid transaction. */
export interface ChaincodeEvent {
    blockNumber: number;
    txId: string;
    chaincode: string;
    eventName: string;
    payload: Uint8Array;
}

export type ChaincodeEventListener = (event: ChaincodeEvent) => void;

/**
 * The chaincode events of a block's valid transactions, in block order: an invalidated
 * transaction's event never reaches a listener, as on Fabric.
 *
 * @example
 * chaincodeEventsOf(7, block.data, block.metadata.validationCodes).forEach(listener);
 */
export function chaincodeEventsOf(blockNumber: number, transactions: readonly LedgerTransaction[], codes: readonly ValidationCode[]): ChaincodeEvent[] {
    return transactions.flatMap((transaction, i) =>
        codes[i] === 'VALID' && transaction.event
            ? [
                  {
                      blockNumber,
                      txId: transaction.txId,
                      chaincode: transaction.chaincode,
                      eventName: transaction.event.name,
                      payload: Buffer.from(transaction.event.payload, 'base64'),
                  },
              ]
            : [],
    );
}
