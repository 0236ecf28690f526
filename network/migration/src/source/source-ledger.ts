/** One write of a source transaction to the source chaincode's namespace. */
export interface SourceWrite {
    key: string;
    isDelete: boolean;
    value?: Uint8Array;
}

/** A valid transaction of the source chaincode, as its block holds it. */
export interface SourceTransaction {
    txId: string;
    /** The transaction's timestamp (the creator's proposal time), ISO-8601. */
    time: string;
    /** The MSP of the transaction's creator. */
    msp: string;
    /** The common name of the creator's certificate. */
    user: string;
    writes: SourceWrite[];
}

/**
 * What the migration reads from a source ledger: its blocks (for the key history, with each write's
 * transaction, time and creator) and its chaincode (for the state as the chaincode answers it).
 * Kept this small so any client can serve it: the embedded ledger, a Fabric Gateway client through
 * qscc (`GatewaySource`), or a fabric-network 2.2 client for Amazon Managed Blockchain.
 *
 * @example
 * for (let n = 0; n < (await source.height()); n++) for (const tx of await source.transactions(n)) …
 * const ids = JSON.parse(text(await source.evaluate('query', ['productIDs'])));
 */
export interface SourceLedger {
    /** Blocks on the channel. */
    height(): Promise<number>;
    /** The valid transactions of the source chaincode in one block, in block order. */
    transactions(blockNumber: number): Promise<SourceTransaction[]>;
    /** Evaluates a function of the source chaincode. */
    evaluate(fn: string, args: readonly string[]): Promise<Uint8Array>;
    close(): Promise<void>;
}
