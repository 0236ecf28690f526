import type { Version } from '../state/version';

/** A key the transaction read, with the version it saw (null: the key did not exist). */
export interface KeyRead {
    key: string;
    version: Version | null;
}

/** A range the transaction iterated, re-run at validation to catch phantom reads. */
export interface RangeRead {
    startKey: string;
    endKey: string;
    /** False when the chaincode stopped early: validation then compares up to the last key read. */
    exhausted: boolean;
    results: KeyRead[];
}

export interface KeyWrite {
    key: string;
    isDelete: boolean;
    /** Base64 of the value; absent for deletes. */
    value?: string;
}

/** What goes on chain for a private collection: hashes of keys and values, never the values. */
export interface HashedCollectionSet {
    collection: string;
    reads: { keyHash: string; version: Version | null }[];
    writes: { keyHash: string; isDelete: boolean; valueHash?: string }[];
}

/** The public read-write set of one transaction on one chaincode namespace. */
export interface ReadWriteSet {
    namespace: string;
    reads: KeyRead[];
    rangeReads: RangeRead[];
    writes: KeyWrite[];
    collections: HashedCollectionSet[];
}

/** A private write; travels beside the block to member peers, never inside it. */
export interface PrivateWrite {
    collection: string;
    key: string;
    isDelete: boolean;
    value?: string;
}
