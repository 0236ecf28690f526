import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { type DeviceIdentity, openOrCreateDeviceCertificateAuthority, prepareNats } from '@coldtrace/telemetry';
import { freePort } from './free-port';

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

/** The nats-server of network/nats/install.sh (built with Go once, then cached in .fabric/nats). */
function natsServerBinary(): string {
    const script = resolve(__dirname, '../../network/nats/install.sh');
    return execFileSync('bash', [script, '--print-path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

const listening = (port: number) =>
    new Promise<boolean>((done) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
            socket.destroy();
            done(true);
        });
        socket.once('error', () => done(false));
    });

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
    const output: string[] = [];
    const child = spawn(natsServerBinary(), ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!(await listening(mqttPort))) {
        if (child.exitCode !== null || Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`nats-server did not start (exit ${child.exitCode}): ${output.join('').slice(-2_000)}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
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
