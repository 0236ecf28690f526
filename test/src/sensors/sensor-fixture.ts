import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeviceKey, newAwsIotDeviceConnection, newSensorAgent, openDurableQueue, type SensorAgent } from '@coldtrace/iot-sensor';
import { createDeviceCertificateAuthority, type DeviceCertificateAuthority, type EmbeddedBroker, startEmbeddedBroker } from '@coldtrace/telemetry';

/** A device provisioned the way a real one is: its own key, a CSR signed by the device CA. */
export interface ProvisionedDevice {
    sensorId: string;
    certificatePem: string;
    privateKeyPem: string;
}

/**
 * A device CA and an embedded mTLS broker on a free loopback port, and devices that run the real
 * agent (AWS IoT Device SDK v2) against it, each with its queue in a temporary directory.
 *
 * @example
 * const fixture = await SensorFixture.start();
 * const agent = await fixture.agent(await fixture.provision('T-1'));
 */
export class SensorFixture {
    readonly #dirs: string[] = [];
    readonly #agents: SensorAgent[] = [];

    readonly #server: { certificatePem: string; privateKeyPem: string };

    private constructor(
        readonly ca: DeviceCertificateAuthority,
        public broker: EmbeddedBroker,
        server: { certificatePem: string; privateKeyPem: string },
    ) {
        this.#server = server;
    }

    static async start(ca?: DeviceCertificateAuthority): Promise<SensorFixture> {
        const authority = ca ?? (await createDeviceCertificateAuthority());
        const server = await authority.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
        const broker = await startEmbeddedBroker({ port: 0, caPem: authority.certificatePem, ...server });
        return new SensorFixture(authority, broker, server);
    }

    async provision(sensorId: string): Promise<ProvisionedDevice> {
        const { privateKeyPem, csrPem } = await createDeviceKey(sensorId);
        return { sensorId, privateKeyPem, certificatePem: await this.ca.signCsr(csrPem, { commonName: sensorId, kind: 'device' }) };
    }

    queueDir(): string {
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-device-'));
        this.#dirs.push(dir);
        return dir;
    }

    /** Starts the agent of `device`, keeping its queue in `queueDir` (a new one when not given). */
    async agent(device: ProvisionedDevice, queueDir = this.queueDir(), options: { resendAfterMs?: number } = {}): Promise<SensorAgent> {
        const connection = newAwsIotDeviceConnection(
            { host: 'localhost', port: this.broker.port, clientId: device.sensorId, caPem: this.ca.certificatePem, ...device },
            { reconnectMinSeconds: 1, reconnectMaxSeconds: 2 },
        );
        const agent = newSensorAgent({ sensorId: device.sensorId, connection, queue: openDurableQueue(queueDir), useShadow: false, ...options });
        await agent.start();
        this.#agents.push(agent);
        return agent;
    }

    /** Stops the broker, as a lost signal does for every device; {@link restartBroker} brings it back. */
    async stopBroker(): Promise<void> {
        await this.broker.close();
    }

    async restartBroker(): Promise<void> {
        this.broker = await startEmbeddedBroker({ port: this.broker.port, caPem: this.ca.certificatePem, ...this.#server });
    }

    async close(): Promise<void> {
        await Promise.all(this.#agents.map((agent) => agent.stop().catch(() => undefined)));
        await this.broker.close().catch(() => undefined);
        this.#dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
    }
}
