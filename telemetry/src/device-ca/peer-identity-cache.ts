import type { TLSSocket } from 'node:tls';
import { identityOfSubject } from './device-certificate-authority';
import type { DeviceIdentity } from './device-identity-kind';

/**
 * Who verified client certificates name, remembered by the certificate's SHA-256 fingerprint: a
 * logger that reconnects every few minutes presents the same certificate each time, and the
 * handshake path then costs one hash of its DER instead of decoding the certificate into objects.
 * The identity depends only on the certificate's bytes, so an entry never goes stale; a revoked
 * certificate is {@link forget}-ten (and must be refused by the handshake's own check, which runs
 * before this). Holds at most `limit` certificates, dropping the oldest.
 *
 * @example
 * const identities = new PeerIdentityCache();
 * identities.of(socket); // { commonName: 'T-1', kind: 'device' }, or undefined if unverified
 */
export class PeerIdentityCache {
    readonly #identities = new Map<string, DeviceIdentity | undefined>();

    readonly #limit;

    constructor(limit = 200_000) {
        this.#limit = limit;
    }

    /** The identity of a verified peer certificate, undefined without one or for a subject the CA does not write. */
    of(socket: TLSSocket): DeviceIdentity | undefined {
        if (!socket.authorized) {
            return undefined;
        }
        const fingerprint = fingerprintOf(socket);
        if (!fingerprint) {
            return undefined;
        }
        if (this.#identities.has(fingerprint)) {
            return this.#identities.get(fingerprint);
        }
        // Decoded once per certificate: the subject, from the same peer certificate.
        const subject = socket.getPeerX509Certificate()?.subject;
        const identity = subject === undefined ? undefined : identityOfSubject(subject);
        if (this.#identities.size >= this.#limit) {
            this.#identities.delete(this.#identities.keys().next().value!);
        }
        this.#identities.set(fingerprint, identity);
        return identity;
    }

    /** Drops a certificate (by its SHA-256 fingerprint, as X509Certificate.fingerprint256 writes it), e.g. once revoked. */
    forget(fingerprint256: string): void {
        this.#identities.delete(fingerprint256);
    }

    get size(): number {
        return this.#identities.size;
    }
}

/**
 * The SHA-256 fingerprint of the peer's certificate (`AB:CD:…`), by the cheaper of Node's two
 * readers for this handshake. After a full handshake `getPeerX509Certificate()` also builds the
 * verified issuer chain into objects of its own (~150 µs against ~55 µs for the plain
 * `getPeerCertificate()` object; about a million instructions of the ~16 million the broker spends
 * on a full connection); a resumed session keeps no chain, and there the plain object costs more
 * (~90 µs against ~13 µs), as it looks the issuer up in the CA store.
 */
function fingerprintOf(socket: TLSSocket): string | undefined {
    if (socket.isSessionReused()) {
        return socket.getPeerX509Certificate()?.fingerprint256;
    }
    // An empty object when the peer sent no certificate.
    return (socket.getPeerCertificate() as Partial<ReturnType<TLSSocket['getPeerCertificate']>>).fingerprint256;
}
