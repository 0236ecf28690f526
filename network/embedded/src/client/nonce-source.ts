import { randomFillSync } from 'node:crypto';

/**
 * Hands out a proposal's random nonce from a block of CSPRNG bytes filled at once, each byte used
 * once: one `randomBytes(24)` per proposal was a system-level call of its own (~2 % of the server's
 * CPU per trace). A block is never refilled, so a nonce handed out earlier never changes; the next
 * block is a fresh buffer.
 *
 * @example
 * const nonces = new NonceSource(24);
 * signatureHeader.setNonce(nonces.next());
 */
export class NonceSource {
    readonly #size: number;
    readonly #blockSize: number;
    #block: Buffer;
    #offset: number;

    constructor(size: number, noncesPerBlock = 256) {
        if (!Number.isInteger(size) || size <= 0 || !Number.isInteger(noncesPerBlock) || noncesPerBlock <= 0) {
            throw new RangeError(`a nonce source needs a positive whole size and count, not ${size} and ${noncesPerBlock}`);
        }
        this.#size = size;
        this.#blockSize = size * noncesPerBlock;
        this.#block = Buffer.alloc(0);
        this.#offset = 0;
    }

    /** The next `size` random bytes, never handed out before. */
    next(): Buffer {
        if (this.#offset + this.#size > this.#block.length) {
            this.#block = randomFillSync(Buffer.allocUnsafeSlow(this.#blockSize));
            this.#offset = 0;
        }
        const nonce = this.#block.subarray(this.#offset, this.#offset + this.#size);
        this.#offset += this.#size;
        return nonce;
    }
}
