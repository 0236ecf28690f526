/**
 * Where a chaincode event sits on the chain: its block, and its order among the events of that
 * block as a subscription from the block's start delivers them (Fabric keeps at most one chaincode
 * event per valid transaction, so this is the transaction's order among those with an event).
 * `index: -1` stands before the block's first event: "resume from this block".
 *
 * @example
 * const position: FeedPosition = { block: 42, index: 0 }; // the first event of block 42
 * comparePositions(position, beforeBlock(42)) > 0; // true
 */
export interface FeedPosition {
    readonly block: number;
    readonly index: number;
}

/** Negative when `a` comes before `b`, zero when they are the same place, positive after. */
export function comparePositions(a: FeedPosition, b: FeedPosition): number {
    return a.block - b.block || a.index - b.index;
}

/** The place just before `block`'s first event. */
export function beforeBlock(block: number): FeedPosition {
    return { block, index: -1 };
}
