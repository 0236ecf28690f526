import type { DeviceIdentity } from '../device-ca/device-identity-kind';

/**
 * Whether a client certificate may connect with this MQTT client id. The id names the broker
 * session — its subscriptions and the QoS 1 messages queued for it — and a second connection with
 * the same id takes the session over and drops the first, so the id must belong to the certificate:
 * a device and a service connect only as their CN (only a service certificate is the detector), a
 * claim holder as the claim CN or `<claim CN>:<anything>` (see `claimClientId`), which no sensor id
 * can be since those never start with `coldtrace-`.
 *
 * @example
 * mayUseClientId({ commonName: 'T-1', kind: 'device' }, 'coldtrace-detector'); // false
 */
export function mayUseClientId(identity: DeviceIdentity, clientId: string): boolean {
    switch (identity.kind) {
        case 'device':
        case 'service':
            return clientId === identity.commonName;
        case 'claim':
            return clientId === identity.commonName || clientId.startsWith(`${identity.commonName}:`);
    }
}
