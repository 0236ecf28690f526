import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FromWorker, LoadDevice, ToWorker, WorkerCounters } from './mqtt-load-protocol';
import type { DeviceCredentials } from './shipment-world';
import { elementAt } from './element-at';

export interface MqttLoadFleetOptions {
    mqttUrl: string;
    caPem: string;
    devices: readonly DeviceCredentials[];
    /** Share of always-connected units (the rest are battery loggers); default 0.1. */
    liveShare?: number;
    /** Load-generator processes; default 2. */
    workers?: number;
    /** Loopback source addresses to spread connections over (127.0.0.1 …); default 8. */
    sourceAddresses?: number;
    eventStartMs: number;
    firstSeq: number;
    /**
     * Live units date their readings by the real clock (each a fixed offset from it) instead of a
     * clock running ×speed: a device sending 25 readings a second then has 25 a second of event
     * time, as a real one would, so the server closes (and anchors) a sensor's window once every
     * window length, not ×speed as often.
     */
    realClock?: boolean;
}

/** A fleet's counters summed over its workers at one moment, with samples since the previous report. */
export interface FleetReport extends WorkerCounters {
    atMs: number;
}

/**
 * A simulated sensor fleet in forked load-generator processes, so the devices' TLS and MQTT work
 * does not share the measuring process's event loop. Coordinated over IPC: connect the live units,
 * set the speed, collect counters.
 *
 * @example
 * const fleet = await MqttLoadFleet.start({ mqttUrl, caPem, devices, eventStartMs: Date.now(), firstSeq: 0 });
 * await fleet.connectLive();
 * fleet.setSpeed(1);
 * const before = await fleet.report();
 * await fleet.close();
 */
export class MqttLoadFleet {
    readonly #workers: ChildProcess[];
    readonly #dir: string;

    private constructor(
        workers: ChildProcess[],
        dir: string,
        readonly live: number,
        readonly loggers: number,
    ) {
        this.#workers = workers;
        this.#dir = dir;
    }

    static async start(options: MqttLoadFleetOptions): Promise<MqttLoadFleet> {
        const liveShare = options.liveShare ?? 0.1;
        const count = Math.max(1, Math.min(options.workers ?? 2, options.devices.length));
        const addresses = options.sourceAddresses ?? 8;
        const shares: LoadDevice[][] = Array.from({ length: count }, () => []);
        let live = 0;
        options.devices.forEach((device, i) => {
            // Spreads live units evenly through the fleet, so every worker carries its share.
            const isLive = Math.floor((i + 1) * liveShare) > Math.floor(i * liveShare);
            live += isLive ? 1 : 0;
            elementAt(shares, i % count).push({
                sensorId: device.sensorId,
                certificatePem: device.certificatePem,
                privateKeyPem: device.privateKeyPem,
                live: isLive,
                localAddress: `127.0.0.${1 + (i % addresses)}`,
            });
        });
        const dir = mkdtempSync(join(tmpdir(), 'coldtrace-mqtt-load-'));
        const workers = shares.map(() => fork(join(__dirname, 'mqtt-load-worker.js'), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
        const fleet = new MqttLoadFleet(workers, dir, live, options.devices.length - live);
        try {
            await Promise.all(
                workers.map((worker, w) => {
                    const devicesFile = join(dir, `devices-${w}.json`);
                    writeFileSync(devicesFile, JSON.stringify(shares[w]));
                    return fleet.#ask(
                        worker,
                        {
                            type: 'init',
                            mqttUrl: options.mqttUrl,
                            caPem: options.caPem,
                            devicesFile,
                            eventStartMs: options.eventStartMs,
                            firstSeq: options.firstSeq,
                            realClock: options.realClock,
                        },
                        'ready',
                    );
                }),
            );
        } catch (error) {
            await fleet.close();
            throw error;
        }
        return fleet;
    }

    get pids(): number[] {
        return this.#workers.map((w) => w.pid!);
    }

    /** Connects every live unit (each its own TLS session) and resolves when all have answered. */
    async connectLive(): Promise<{ connected: number; failed: number; lastError?: string }> {
        const answers = await Promise.all(this.#workers.map((w) => this.#ask(w, { type: 'connect-live' }, 'live-connected')));
        return answers.reduce((sum, a) => ({ connected: sum.connected + a.connected, failed: sum.failed + a.failed, lastError: a.lastError ?? sum.lastError }), {
            connected: 0,
            failed: 0,
        } as { connected: number; failed: number; lastError?: string });
    }

    /** Runs the fleet's clock `speed` times faster than real time (1: nominal rates). */
    setSpeed(speed: number): void {
        this.#workers.forEach((w) => w.send({ type: 'speed', speed } satisfies ToWorker));
    }

    /** Counters of every worker, in worker order. */
    async reportEach(): Promise<WorkerCounters[]> {
        return Promise.all(this.#workers.map(async (w) => (await this.#ask(w, { type: 'report' }, 'counters')).counters));
    }

    async report(): Promise<FleetReport> {
        const each = await this.reportEach();
        const sum = (key: keyof Omit<WorkerCounters, 'ackLatencyMs' | 'handshakeMs'>) => each.reduce((total, c) => total + c[key], 0);
        const max = (key: 'latestEventMs' | 'latestSeq') => Math.max(...each.map((c) => c[key]));
        return {
            atMs: Date.now(),
            generated: sum('generated'),
            published: sum('published'),
            acked: sum('acked'),
            handshakes: sum('handshakes'),
            connectFailures: sum('connectFailures'),
            lateWakes: sum('lateWakes'),
            openConnections: sum('openConnections'),
            backlog: sum('backlog'),
            latestEventMs: max('latestEventMs'),
            latestSeq: max('latestSeq'),
            ackLatencyMs: each.flatMap((c) => c.ackLatencyMs),
            handshakeMs: each.flatMap((c) => c.handshakeMs),
        };
    }

    /** Disconnects every device and ends the worker processes. */
    async close(): Promise<void> {
        await Promise.all(
            this.#workers.map(async (worker) => {
                if (worker.exitCode === null && worker.connected) {
                    const exited = new Promise((resolve) => worker.once('exit', resolve));
                    worker.send({ type: 'stop' } satisfies ToWorker);
                    const killed = setTimeout(() => worker.kill('SIGKILL'), 10_000);
                    await exited;
                    clearTimeout(killed);
                }
            }),
        );
        rmSync(this.#dir, { recursive: true, force: true });
    }

    #ask<T extends FromWorker['type']>(worker: ChildProcess, message: ToWorker, answer: T): Promise<Extract<FromWorker, { type: T }>> {
        return new Promise((resolve, reject) => {
            const onMessage = (reply: FromWorker) => {
                if (reply.type === answer) {
                    done();
                    resolve(reply as Extract<FromWorker, { type: T }>);
                } else if (reply.type === 'error') {
                    done();
                    reject(new Error(`load generator ${worker.pid}: ${reply.message}`));
                }
            };
            const onExit = (code: number | null) => {
                done();
                reject(new Error(`load generator ${worker.pid} exited with ${code} while asked to ${message.type}`));
            };
            const done = () => {
                worker.off('message', onMessage);
                worker.off('exit', onExit);
            };
            worker.on('message', onMessage);
            worker.once('exit', onExit);
            worker.send(message);
        });
    }
}
