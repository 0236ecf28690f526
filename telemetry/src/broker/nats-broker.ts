import { connect, Events, type NatsConnection } from 'nats';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';
import type { TelemetryLog } from '../telemetry-log';
import { DEFAULT_READING_PARTITIONS } from './nats-config';
import { NatsReadingSource } from './nats-reading-source';

/** Where the detector finds a NATS server set up by prepareNats (network/nats). */
export interface NatsBrokerOptions {
    /** The NATS listener, e.g. `tls://localhost:4222`. */
    url: string;
    /** Its MQTT gateway, where devices (and the detector's acks, shadow and provisioning) connect: `mqtts://localhost:8883`. */
    mqttUrl: string;
    /** Partitions of the readings stream; the same on every detector and in the server's mapping (default 8). */
    partitions?: number;
    /** How long a dead detector's partitions wait before others take them; default 6 s. */
    leaseMs?: number;
    /** How long JetStream waits for a delivered reading's acknowledgement before offering it again; default 10 s. */
    ackWaitMs?: number;
    /**
     * QoS of the acks the detector publishes to the devices on the gateway; default 0. At QoS 1 the
     * gateway stores every ack in JetStream (`$MQTT_msgs`) and feeds it to the device through a
     * JetStream consumer of the device's session, which doubled nats-server's CPU a reading
     * (bench/findings.md, fix 21). QoS 0 reaches a connected device alone; an ack lost (device
     * offline, gateway restarting) only makes the device send those readings again after its resend
     * delay, and the store de-duplicates them. Either way a reading is acknowledged only once it is
     * committed: the ack's QoS changes what a resend costs, not what an acknowledged reading survives.
     */
    deviceAckQos?: 0 | 1;
    /**
     * The server's directory laid out by prepareNats, when it runs on this machine: every device
     * certified here (CSR or fleet claim) is then added to its users before it gets its certificate.
     * Without it the server's users are someone else's to keep (a device not listed is refused).
     */
    configDir?: string;
}

/**
 * A NATS connection holding a fresh certificate of the device CA for `identity` (mutual TLS; the
 * server maps its subject to the user), reconnecting for ever.
 *
 * @example
 * const nc = await connectNats('tls://localhost:4222', ca, { commonName: 'coldtrace-detector', kind: 'service' });
 */
export async function connectNats(url: string, ca: DeviceCertificateAuthority, identity: DeviceIdentity): Promise<NatsConnection> {
    const credentials = await ca.issue(identity);
    return connect({
        servers: url,
        name: identity.commonName,
        tls: { ca: ca.certificatePem, cert: credentials.certificatePem, key: credentials.privateKeyPem },
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
    });
}

/** The NATS session of one detector and the reading source on it. */
export interface NatsReadingSession {
    readonly connection: NatsConnection;
    /** Since when (ISO time) the NATS connection is down, while it is. */
    readonly disconnectedSince: string | undefined;
    readonly source: NatsReadingSource;
    close(): Promise<void>;
}

/**
 * Connects to NATS with a service certificate of the device CA named `owner` (mutual TLS; the
 * server maps it to its user) and prepares the partitioned reading source on that connection.
 * The connection reconnects for ever: a restarted server finds the detector back by itself.
 *
 * @example
 * const session = await startNatsReadingSource({ url: 'tls://localhost:4222', mqttUrl }, { ca, owner: 'coldtrace-detector' });
 */
export async function startNatsReadingSource(
    options: NatsBrokerOptions,
    context: { ca: DeviceCertificateAuthority; owner: string; log?: TelemetryLog; clock?: () => number },
): Promise<NatsReadingSession> {
    const connection = await connectNats(options.url, context.ca, { commonName: context.owner, kind: 'service' });
    let disconnectedSince: string | undefined;
    void (async () => {
        for await (const status of connection.status()) {
            if (status.type === Events.Disconnect) {
                disconnectedSince ??= new Date((context.clock ?? Date.now)()).toISOString();
            } else if (status.type === Events.Reconnect) {
                disconnectedSince = undefined;
            }
            if (status.type === Events.Disconnect || status.type === Events.Reconnect) {
                context.log?.[status.type === Events.Disconnect ? 'warn' : 'info']({ url: options.url, owner: context.owner }, `NATS ${status.type}`);
            }
        }
    })();
    const source = new NatsReadingSource({
        connection,
        owner: context.owner,
        partitions: options.partitions ?? DEFAULT_READING_PARTITIONS,
        leaseMs: options.leaseMs,
        ackWaitMs: options.ackWaitMs,
        onPartitions: (held) => context.log?.info({ owner: context.owner, partitions: held }, 'NATS partitions held'),
    });
    return {
        connection,
        get disconnectedSince() {
            return disconnectedSince;
        },
        source,
        close: async () => {
            await source.stop();
            await connection.drain().catch(() => connection.close());
        },
    };
}
