/**
 * ECDSA P-256 signatures in the form Fabric accepts. Fabric's BCCSP rejects signatures whose S is
 * above half the curve order (both (r, s) and (r, n - s) verify, so without this rule a signed
 * transaction could be re-signed into a different byte string and replayed under a new hash).
 *
 * @example
 * const der = encodeDerSignature(toLowS(p1363)); // what Fabric's Go SDK would have produced
 * isLowS(decodeDerSignature(der)); // true
 */

import { MalformedSignatureError } from './malformed-signature-error';

/** Order n of the P-256 group. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
const SCALAR_BYTES = 32;

/** True when the S half of an IEEE P1363 (r || s) signature is at most n/2, as Fabric requires. */
export function isLowS(p1363: Uint8Array): boolean {
    return toBigInt(p1363.subarray(SCALAR_BYTES)) <= HALF_ORDER;
}

/** Returns the equivalent IEEE P1363 signature with S replaced by n - S when S is above n/2. */
export function toLowS(p1363: Uint8Array): Uint8Array {
    assertP1363(p1363);
    const s = toBigInt(p1363.subarray(SCALAR_BYTES));
    if (s <= HALF_ORDER) {
        return p1363;
    }
    const normalized = new Uint8Array(2 * SCALAR_BYTES);
    normalized.set(p1363.subarray(0, SCALAR_BYTES));
    normalized.set(toFixedBytes(P256_ORDER - s), SCALAR_BYTES);
    return normalized;
}

/** IEEE P1363 (r || s, 64 bytes) to ASN.1 DER `SEQUENCE { INTEGER r, INTEGER s }`. */
export function encodeDerSignature(p1363: Uint8Array): Uint8Array {
    assertP1363(p1363);
    const r = derInteger(p1363.subarray(0, SCALAR_BYTES));
    const s = derInteger(p1363.subarray(SCALAR_BYTES));
    // At most 2 * (2 + 33) = 70 content bytes, so the short length form always applies.
    return Uint8Array.from([0x30, r.length + s.length, ...r, ...s]);
}

/**
 * ASN.1 DER signature to IEEE P1363. Strict like Go's encoding/asn1: minimal encodings only, no
 * trailing bytes, and r and s within [1, n - 1]; throws {@link MalformedSignatureError} otherwise.
 */
export function decodeDerSignature(der: Uint8Array): Uint8Array {
    if (der.length < 2 || der[0] !== 0x30 || der[1] !== der.length - 2) {
        throw new MalformedSignatureError('ECDSA signature is not a DER SEQUENCE of the expected length');
    }
    const [r, afterR] = readDerInteger(der, 2);
    const [s, end] = readDerInteger(der, afterR);
    if (end !== der.length) {
        throw new MalformedSignatureError('trailing bytes after the ECDSA signature');
    }
    const p1363 = new Uint8Array(2 * SCALAR_BYTES);
    p1363.set(toFixedBytes(r));
    p1363.set(toFixedBytes(s), SCALAR_BYTES);
    return p1363;
}

function assertP1363(p1363: Uint8Array): void {
    if (p1363.length !== 2 * SCALAR_BYTES) {
        throw new MalformedSignatureError(`expected a ${2 * SCALAR_BYTES}-byte P-256 signature, got ${p1363.length} bytes`);
    }
}

function derInteger(bigEndian: Uint8Array): number[] {
    let start = 0;
    while (start < bigEndian.length - 1 && bigEndian[start] === 0) {
        start++;
    }
    const content = [...bigEndian.subarray(start)];
    // DER INTEGERs are signed: a set top bit needs a leading zero to stay positive.
    if ((content[0] ?? 0) & 0x80) {
        content.unshift(0);
    }
    return [0x02, content.length, ...content];
}

function readDerInteger(der: Uint8Array, offset: number): [bigint, number] {
    const length = der[offset + 1];
    if (der[offset] !== 0x02 || length === undefined || length === 0 || length > SCALAR_BYTES + 1 || offset + 2 + length > der.length) {
        throw new MalformedSignatureError('ECDSA signature component is not a DER INTEGER of at most 33 bytes');
    }
    const content = der.subarray(offset + 2, offset + 2 + length);
    // length > 0 was checked above, so the content has a first byte.
    const first = content[0] ?? 0;
    if (first & 0x80) {
        throw new MalformedSignatureError('ECDSA signature component is negative');
    }
    if (first === 0 && content.length > 1 && !((content[1] ?? 0) & 0x80)) {
        throw new MalformedSignatureError('ECDSA signature component is not minimally encoded');
    }
    const value = toBigInt(content);
    if (value < 1n || value >= P256_ORDER) {
        throw new MalformedSignatureError('ECDSA signature component is out of range');
    }
    return [value, offset + 2 + length];
}

function toBigInt(bigEndian: Uint8Array): bigint {
    return bigEndian.length === 0 ? 0n : BigInt(`0x${Buffer.from(bigEndian).toString('hex')}`);
}

function toFixedBytes(value: bigint): Uint8Array {
    return Uint8Array.from(Buffer.from(value.toString(16).padStart(2 * SCALAR_BYTES, '0'), 'hex'));
}
