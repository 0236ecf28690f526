/** A chaincode event of a committed, valid transaction. */
export interface ChaincodeEvent {
    blockNumber: number;
    txId: string;
    chaincode: string;
    eventName: string;
    payload: Uint8Array;
}

export type ChaincodeEventListener = (event: ChaincodeEvent) => void;
