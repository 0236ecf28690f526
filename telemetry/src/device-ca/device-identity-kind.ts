/**
 * What a certificate of the device CA lets its holder be on the broker, written in the subject's OU:
 * a `device` publishes its own telemetry, a `service` (detector, provisioning, shadow) reads and
 * answers for all devices, a `claim` certificate may only ask for a device certificate.
 */
export const DEVICE_IDENTITY_KINDS = ['device', 'service', 'claim'] as const;
export type DeviceIdentityKind = (typeof DEVICE_IDENTITY_KINDS)[number];

/** Who a verified client certificate names: its CN and its kind. */
export interface DeviceIdentity {
    commonName: string;
    kind: DeviceIdentityKind;
}
