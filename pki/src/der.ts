/**
 * The few DER encodings an encrypted PKCS#8 header needs (RFC 8018, RFC 7914); not a general
 * ASN.1 library.
 *
 * @example
 * der.sequence(der.oid('1.2.840.113549.1.5.13'), der.octetString(salt));
 */
export const der = {
    sequence: (...parts: Uint8Array[]): Buffer => tagged(0x30, Buffer.concat(parts)),
    octetString: (bytes: Uint8Array): Buffer => tagged(0x04, Buffer.from(bytes)),
    integer(value: number): Buffer {
        const bytes: number[] = [];
        for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) {
            bytes.unshift(rest % 256);
        }
        // A leading 0x80 bit would make the integer negative.
        if ((bytes[0] ?? 0x80) >= 0x80) {
            bytes.unshift(0);
        }
        return tagged(0x02, Buffer.from(bytes));
    },
    oid(dotted: string): Buffer {
        const [first, second, ...rest] = dotted.split('.').map(Number);
        if (first === undefined || second === undefined) {
            throw new TypeError(`OID ${dotted} needs at least two arcs`);
        }
        const bytes = [first * 40 + second];
        for (const arc of rest) {
            const base128 = [arc & 0x7f];
            for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
                base128.unshift((value & 0x7f) | 0x80);
            }
            bytes.push(...base128);
        }
        return tagged(0x06, Buffer.from(bytes));
    },
};

function tagged(tag: number, body: Buffer): Buffer {
    return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function length(n: number): Buffer {
    if (n < 0x80) {
        return Buffer.from([n]);
    }
    const bytes: number[] = [];
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}
