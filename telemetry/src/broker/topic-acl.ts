import { Topics } from '@coldtrace/iot-sensor/protocol';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';

/**
 * Who may publish and subscribe where, from the client certificate alone: a device only under its
 * own CN, a claim certificate only on the provisioning topics, a service everywhere. The shipped
 * Mosquitto ACL file (network/mosquitto/acl) says the same with `%u` patterns.
 *
 * @example
 * mayPublish({ commonName: 'T-1', kind: 'device' }, 'coldtrace/sensors/T-2/telemetry'); // false
 */
export function mayPublish(identity: DeviceIdentity, topic: string): boolean {
    switch (identity.kind) {
        case 'service':
            return true;
        case 'device': {
            const id = identity.commonName;
            return topic === Topics.telemetry(id) || topic === Topics.shadow(id, 'get') || topic === Topics.shadow(id, 'update');
        }
        case 'claim':
            return topic === Topics.createFromCsr() || /^\$aws\/provisioning-templates\/[^/+#]+\/provision\/json$/.test(topic);
    }
}

/** Whether `identity` may subscribe to `filter`; devices get no wildcards beyond their own shadow. */
export function maySubscribe(identity: DeviceIdentity, filter: string): boolean {
    switch (identity.kind) {
        case 'service':
            return true;
        case 'device': {
            const id = identity.commonName;
            const own = [
                Topics.ack(id),
                `$aws/things/${id}/shadow/#`,
                ...(['get', 'update'] as const).flatMap((op) => (['accepted', 'rejected', 'delta'] as const).map((r) => Topics.shadow(id, op, r))),
            ];
            return own.includes(filter);
        }
        case 'claim':
            return (
                filter === Topics.createFromCsr('accepted') ||
                filter === Topics.createFromCsr('rejected') ||
                /^\$aws\/provisioning-templates\/[^/+#]+\/provision\/json\/(accepted|rejected)$/.test(filter)
            );
    }
}
