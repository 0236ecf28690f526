import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { type DeviceIdentity, freePort, launchNatsServer, openOrCreateDeviceCertificateAuthority, prepareNats } from '@coldtrace/telemetry';

/** A nats-server laid out by prepareNats for coldtrace, in its own process. */
export interface NatsServerProcess {
    /** The MQTT gateway the devices (and the detectors' acks) use: mutual TLS with the device CA. */
    mqttUrl: string;
    /** The NATS listener the detectors read the readings stream from. */
    natsUrl: string;
    /** Its directory (prepareNats): configuration, users, JetStream store. */
    dir: string;
    child: ChildProcess;
    stop(): Promise<void>;
}

/**
 * Starts nats-server with coldtrace's generated configuration in `<dataDir>/nats`: the MQTT gateway
 * and the NATS listener on free ports, both mutual TLS with the device CA of `<dataDir>/telemetry/ca`
 * (created when absent, as the pipeline would), the readings mapped to `partitions` partitions, and
 * `identities` as its users (the detectors as services, every device listed up front, since the
 * benchmark issues the devices' certificates straight from the CA). Resolves once the MQTT listener,
 * the last to open, accepts connections.
 *
 * @example
 * const nats = await startNatsServer(dataDir, [{ commonName: 'coldtrace-detector', kind: 'service' }]);
 * await nats.stop();
 */
export async function startNatsServer(dataDir: string, identities: readonly DeviceIdentity[], partitions?: number): Promise<NatsServerProcess> {
    const ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
    const [port, mqttPort] = [await freePort(), await freePort()];
    const dir = join(dataDir, 'nats');
    const { conf } = await prepareNats({ ca, dir, port, mqttPort, partitions, identities });
    const child = await launchNatsServer(conf, mqttPort, [], 30_000);
    return {
        mqttUrl: `mqtts://localhost:${mqttPort}`,
        natsUrl: `tls://localhost:${port}`,
        dir,
        child,
        stop: async () => {
            if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGTERM');
                await once(child, 'exit');
            }
        },
    };
}
