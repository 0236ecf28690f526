import { createHash } from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string as 64 lowercase hex digits: the same on every endorser for the same input.
 *
 * @example
 * sha256Hex(canonicalJson(request)); // 'e3b0c442…'
 */
export function sha256Hex(text: string): string {
    return createHash('sha256').update(text, 'utf8').digest('hex');
}
