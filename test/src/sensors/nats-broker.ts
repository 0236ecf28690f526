import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
    type DeviceIdentity,
    freePort,
    launchNatsServer,
    newNatsDeviceAdmission,
    openOrCreateDeviceCertificateAuthority,
    type PreparedNats,
    prepareNats,
} from '@coldtrace/telemetry';

/** How long a start or restart may take, JetStream recovering its store included. */
const START_TIMEOUT_MS = 20_000;

/**
 * A real nats-server with coldtrace's generated configuration: the MQTT gateway on `mqttPort`
 * (mutual TLS, certificate subject → user), NATS clients on `port`, JetStream in
 * `dataDir/nats/jetstream` (a restart finds the stream, its consumers and the MQTT sessions).
 */
export class NatsBroker {
    #process: ChildProcess;
    readonly #prepared: PreparedNats;

    private constructor(
        process: ChildProcess,
        prepared: PreparedNats,
        readonly url: string,
        readonly natsUrl: string,
        readonly output: string[],
        /** Its directory (prepareNats), for a pipeline that admits the devices it certifies. */
        readonly configDir: string,
    ) {
        this.#process = process;
        this.#prepared = prepared;
    }

    /**
     * Starts it with the device CA of `dataDir` (created when absent, as the pipeline would), letting
     * in the detectors named in `services`; devices are let in one by one with `admit`.
     */
    static async start(dataDir: string, ports: { mqttPort: number; port: number }, services: string[] = ['coldtrace-detector'], partitions?: number): Promise<NatsBroker> {
        const ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
        const identities: DeviceIdentity[] = services.map((commonName) => ({ commonName, kind: 'service' }));
        // The monitoring port tells admission when a reload of the users took effect.
        const prepared = await prepareNats({ ca, dir: join(dataDir, 'nats'), ...ports, monitorPort: await freePort(), partitions, identities });
        const output: string[] = [];
        const broker = new NatsBroker(
            await launchNatsServer(prepared.conf, ports.mqttPort, output, START_TIMEOUT_MS),
            prepared,
            `mqtts://localhost:${ports.mqttPort}`,
            `tls://localhost:${ports.port}`,
            output,
            join(dataDir, 'nats'),
        );
        return broker;
    }

    /** Lets a device in, as a pipeline with this directory does for the devices it certifies: adds it to the users and waits for the reload. */
    async admit(identity: DeviceIdentity): Promise<void> {
        await newNatsDeviceAdmission(this.configDir).admit([identity.commonName]);
    }

    /** Stops the server (SIGKILL with `crash`, as a machine failure would) and starts it again on the same data. */
    async restart(crash = false): Promise<void> {
        await this.stop(crash ? 'SIGKILL' : 'SIGTERM');
        this.#process = await launchNatsServer(this.#prepared.conf, Number(new URL(this.url).port), this.output, START_TIMEOUT_MS);
    }

    async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
        if (this.#process.exitCode !== null || this.#process.signalCode !== null) {
            return;
        }
        const exited = new Promise((r) => this.#process.once('exit', r));
        this.#process.kill(signal);
        await exited;
    }
}
