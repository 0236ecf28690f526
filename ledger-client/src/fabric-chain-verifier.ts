import { sha256 } from '@coldtrace/chaincode/sha256';
import { common } from '@hyperledger/fabric-protos';
import type { ChainCheck } from './ledger';

/**
 * Walks a Fabric channel's blocks from genesis and checks each link as a peer does: the data hash
 * is SHA-256 over the block's concatenated data entries, and each header names the SHA-256 of the
 * previous header's ASN.1 DER encoding (number, previous hash, data hash).
 *
 * @example
 * const check = await verifyFabricChain(height, (n) => qscc.evaluateTransaction('GetBlockByNumber', channel, String(n)));
 */
export async function verifyFabricChain(height: number, blockBytes: (number: number) => Promise<Uint8Array>): Promise<ChainCheck> {
    let previousHeaderHash: Buffer | undefined;
    for (let number = 0; number < height; number++) {
        const fail = (reason: string): ChainCheck => ({ ok: false, height, checkedBlocks: number, firstBadBlock: number, reason });
        const block = common.Block.deserializeBinary(await blockBytes(number));
        const header = block.getHeader();
        if (!header || header.getNumber() !== number) {
            return fail(`block ${number} carries number ${header?.getNumber()}`);
        }
        const dataHash = sha256(Buffer.concat((block.getData()?.getDataList_asU8() ?? []).map((entry) => Buffer.from(entry))));
        if (!dataHash.equals(Buffer.from(header.getDataHash_asU8()))) {
            return fail(`block ${number}'s data does not hash to its header's data hash`);
        }
        if (previousHeaderHash && !previousHeaderHash.equals(Buffer.from(header.getPreviousHash_asU8()))) {
            return fail(`block ${number} does not point at the hash of block ${number - 1}`);
        }
        previousHeaderHash = sha256(headerDer(number, header.getPreviousHash_asU8(), header.getDataHash_asU8()));
    }
    return { ok: true, height, checkedBlocks: height };
}

/** DER of SEQUENCE { INTEGER number, OCTET STRING previousHash, OCTET STRING dataHash }. */
function headerDer(number: number, previousHash: Uint8Array, dataHash: Uint8Array): Buffer {
    const content = Buffer.concat([tlv(0x02, derInteger(number)), tlv(0x04, previousHash), tlv(0x04, dataHash)]);
    return tlv(0x30, content);
}

function derInteger(value: number): Buffer {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) {
        hex = `0${hex}`;
    }
    const bytes = Buffer.from(hex, 'hex');
    // A set high bit would read as negative: DER prefixes a zero byte.
    return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

function tlv(tag: number, value: Uint8Array): Buffer {
    const length = value.length;
    let lengthBytes: Buffer;
    if (length < 0x80) {
        lengthBytes = Buffer.from([length]);
    } else {
        const hex = length.toString(16).padStart(length > 0xff ? 4 : 2, '0');
        const raw = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
        lengthBytes = Buffer.concat([Buffer.from([0x80 | raw.length]), raw]);
    }
    return Buffer.concat([Buffer.from([tag]), lengthBytes, Buffer.from(value)]);
}
