import type { TLSSocket } from 'node:tls';
import { identityOfSubject } from './device-certificate-authority';
import type { DeviceIdentity } from './device-identity-kind';

/**
 * Who the client certificate of a mutual-TLS connection names, when the handshake verified it
 * against the device CA: the broker binds an MQTT client id to it, the device HTTPS listener a
 * posting device. Undefined without a verified certificate, or for one whose subject is not the CA's.
 *
 * @example
 * peerIdentity(req.socket as TLSSocket); // { commonName: 'T-1', kind: 'device' }
 */
export function peerIdentity(socket: TLSSocket): DeviceIdentity | undefined {
    if (!socket.authorized) {
        return undefined;
    }
    const subject = socket.getPeerCertificate?.()?.subject as Record<string, string | string[]> | undefined;
    if (!subject) {
        return undefined;
    }
    return identityOfSubject(
        Object.entries(subject)
            .map(([key, value]) => `${key}=${Array.isArray(value) ? value[0] : value}`)
            .join(', '),
    );
}
