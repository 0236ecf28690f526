import type { PrivateWrite, ReadWriteSet } from '../simulation/read-write-set';
import { canonicalJson } from '@coldtrace/chaincode/canonical-json';
import { sha256Hex } from '@coldtrace/chaincode/sha256';

/** Fabric's transaction validation codes, the ones the embedded peer can produce. */
export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT' | 'DUPLICATE_TXID' | 'ENDORSEMENT_POLICY_FAILURE' | 'BAD_CREATOR_SIGNATURE';

/** An endorsed transaction as it is ordered into a block. Transient data is never part of it. */
export interface LedgerTransaction {
    txId: string;
    channel: string;
    chaincode: string;
    timestamp: { seconds: number; nanos: number };
    creator: { mspId: string; certificate: string };
    /** The client's signature over the proposal, base64. */
    signature: string;
    /** Function name and public arguments. */
    args: string[];
    response: { status: number; message: string; payload: string };
    readWriteSet: ReadWriteSet;
    event?: { name: string; payload: string };
    /** The peers whose simulations agreed. */
    endorsers: string[];
}

export interface BlockHeader {
    number: number;
    previousHash: string;
    dataHash: string;
}

export interface Block {
    header: BlockHeader;
    data: LedgerTransaction[];
    /** Like Fabric's block metadata, outside the hashed header: set by the committing peer. */
    metadata: { validationCodes: ValidationCode[] };
}

/** A block as the block file stores it, with the private writes the peer keeps beside it. */
export interface StoredBlock {
    block: Block;
    /** Private writes by transaction index; their hashes are in the block's read-write sets. */
    privateData: Record<number, PrivateWrite[]>;
}

export function blockDataHash(data: LedgerTransaction[]): string {
    return sha256Hex(dataBytes(data));
}

/** The UTF-8 bytes of the data's canonical JSON: what its hash is over (a string of megabytes hashes slower than its bytes). */
function dataBytes(data: LedgerTransaction[]): Buffer {
    return Buffer.from(canonicalJson(data), 'utf8');
}

/** The hash that the next block's header points back to. */
export function blockHash(header: BlockHeader): string {
    return sha256Hex(canonicalJson(header));
}

/**
 * Assembles the next block of the chain.
 *
 * @example
 * const block = makeBlock(height, lastHash, transactions, codes);
 */
export function makeBlock(number: number, previousHash: string, data: LedgerTransaction[], validationCodes: ValidationCode[]): Block {
    return makeEncodedBlock(number, previousHash, data, validationCodes).block;
}

/** A block with the UTF-8 bytes of its data's canonical JSON: what its header's hash is over. */
export interface EncodedBlock {
    block: Block;
    dataBytes: Buffer;
}

/**
 * {@link makeBlock}, keeping the bytes it hashed, so the block file's record reuses them instead of
 * serializing and encoding the megabytes of a bulk step's block a second time (see `storedBlockRecord`).
 *
 * @example
 * const { block, dataBytes } = makeEncodedBlock(height, lastHash, transactions, codes);
 * blocks.append({ block, privateData }, storedBlockRecord({ block, privateData }, dataBytes));
 */
export function makeEncodedBlock(number: number, previousHash: string, data: LedgerTransaction[], validationCodes: ValidationCode[]): EncodedBlock {
    const bytes = dataBytes(data);
    return { block: { header: { number, previousHash, dataHash: sha256Hex(bytes) }, data, metadata: { validationCodes } }, dataBytes: bytes };
}

/**
 * The JSON of a stored block, as UTF-8 parts in order, whose data's JSON is encoded already: the
 * parts joined parse to the same value as `JSON.stringify(stored)` (canonical JSON is JSON; only
 * key order may differ). Encoding a bulk step's megabytes of text costs as much as hashing them.
 *
 * @example
 * storedBlockRecord(stored, dataBytes); // [<'{"block":{"header":…,"data":'>, dataBytes, <',"metadata":…},"privateData":{}}'>]
 */
export function storedBlockRecord(stored: StoredBlock, dataBytes: Buffer): Buffer[] {
    const { header, metadata } = stored.block;
    return [
        Buffer.from(`{"block":{"header":${JSON.stringify(header)},"data":`),
        dataBytes,
        Buffer.from(`,"metadata":${JSON.stringify(metadata)}},"privateData":${JSON.stringify(stored.privateData)}}`),
    ];
}
