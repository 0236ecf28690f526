/**
 * Where a key held in a PKCS#11 token is: the token's label and the key's CKA_ID, written as an
 * RFC 7512 URI (`pkcs11:token=coldtrace;id=%a1%b2…;type=private`). A wallet stores this in place
 * of a PEM key, so everything that passes identities around is unchanged.
 *
 * @example
 * const uri = formatPkcs11KeyUri({ token: 'coldtrace', id: Buffer.from('a1b2', 'hex') });
 * parsePkcs11KeyUri(uri).token; // 'coldtrace'
 */
export interface Pkcs11KeyRef {
    token: string;
    id: Buffer;
}

const SCHEME = 'pkcs11:';

/** True when `privateKey` names a key in a PKCS#11 token rather than holding a PEM key. */
export function isPkcs11KeyUri(privateKey: string): boolean {
    return privateKey.startsWith(SCHEME);
}

export function formatPkcs11KeyUri(ref: Pkcs11KeyRef): string {
    const id = [...ref.id].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
    return `${SCHEME}token=${encodeURIComponent(ref.token)};id=${id};type=private`;
}

export function parsePkcs11KeyUri(uri: string): Pkcs11KeyRef {
    if (!isPkcs11KeyUri(uri)) {
        throw new TypeError('not a pkcs11: URI');
    }
    const attributes = new Map(
        uri
            .slice(SCHEME.length)
            .split(';')
            .map((part) => part.split('=', 2) as [string, string]),
    );
    const token = attributes.get('token');
    const id = attributes.get('id');
    if (!token || !id) {
        throw new TypeError(`${uri} names no token and id`);
    }
    // Percent-decoded byte by byte: an id is binary, not UTF-8.
    return {
        token: decodeURIComponent(token),
        id: Buffer.from(
            id.replace(/%([0-9a-fA-F]{2})|./gs, (match, hex: string | undefined) => (hex ? hex : Buffer.from(match).toString('hex'))),
            'hex',
        ),
    };
}
