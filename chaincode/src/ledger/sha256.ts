import { createHash } from 'node:crypto';

/** What a SHA-256 digest is taken over: strings as UTF-8, byte arrays as they are. */
export type Sha256Input = string | Uint8Array;

/**
 * SHA-256 of the parts in order, as if concatenated: the raw 32 bytes. The same on every endorser
 * for the same input, so the chaincode may use it.
 *
 * @example
 * sha256(Buffer.from([1]), left, right); // a Merkle node over two children, domain byte first
 */
export function sha256(...parts: Sha256Input[]): Buffer {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}

/**
 * SHA-256 of the parts as 64 lowercase hex digits.
 *
 * @example
 * sha256Hex(canonicalJson(request)); // 'e3b0c442…'
 */
export function sha256Hex(...parts: Sha256Input[]): string {
    return sha256(...parts).toString('hex');
}
