import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openOrCreateDeviceCertificateAuthority, startNatsReadingSource } from '@coldtrace/telemetry';
import { countedRate, type Device, startPublishers } from './broker-floors';
import { startNatsServer } from './nats-server-process';
import { sampleProcess, usageBetween } from './process-usage';

/**
 * The floor of the NATS readings path: QoS 1 readings/s from `devices` persistent mutual-TLS devices
 * through nats-server's MQTT gateway into the partitioned readings stream, taken by one bare consumer
 * (the detectors' own NatsReadingSource, holding every partition) that acknowledges each reading to
 * JetStream at once: no detector, no store, no acks to the devices. The consumer and the devices run
 * in this process; nats-server in its own, with its CPU and memory over the run.
 *
 * @example
 * const floor = await natsGatewayFloor(console.error, { devices: 100, seconds: 10, partitions: 8 }); // { rate: 20000, cpuPercent: 120, rssMiB: 90 }
 */
export async function natsGatewayFloor(
    progress: (line: string) => void,
    options: { devices: number; seconds: number; partitions: number },
): Promise<{ rate: number; cpuPercent: number; rssMiB: number }> {
    const dir = mkdtempSync(join(tmpdir(), 'coldtrace-nats-floor-'));
    const owner = 'coldtrace-detector';
    const ids = Array.from({ length: options.devices }, (_, i) => `FLOOR-${i}`);
    const nats = await startNatsServer(dir, [{ commonName: owner, kind: 'service' }, ...ids.map((commonName) => ({ commonName, kind: 'device' as const }))], options.partitions);
    try {
        const ca = await openOrCreateDeviceCertificateAuthority(join(dir, 'telemetry', 'ca'));
        progress(`NATS floor: issuing ${options.devices} device certificates`);
        const devices: Device[] = [];
        for (const id of ids) {
            devices.push({ id, ...(await ca.issue({ commonName: id, kind: 'device' })) });
        }
        const session = await startNatsReadingSource({ url: nats.natsUrl, mqttUrl: nats.mqttUrl, partitions: options.partitions }, { ca, owner });
        let received = 0;
        await session.source.start((sensorId, payload) => {
            received += 1;
            const { seq } = JSON.parse(payload.toString('utf8')) as { seq: number };
            // The source files the message once this returns: acknowledged right after.
            setImmediate(() => session.source.acknowledged(sensorId, [seq]));
            return true;
        });
        try {
            progress('NATS floor: QoS 1 readings through the MQTT gateway and JetStream, one bare consumer');
            const stop = await startPublishers(nats.mqttUrl, devices, ca.certificatePem);
            let before = sampleProcess(nats.child.pid!);
            const rate = await countedRate(
                () => received,
                options.seconds,
                () => (before = sampleProcess(nats.child.pid!)),
            );
            const usage = usageBetween(before, sampleProcess(nats.child.pid!));
            await stop();
            return { rate, cpuPercent: usage.cpuPercent, rssMiB: usage.rssMiB };
        } finally {
            await session.close();
        }
    } finally {
        await nats.stop();
        rmSync(dir, { recursive: true, force: true });
    }
}
