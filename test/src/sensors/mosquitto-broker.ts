import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listening, openOrCreateDeviceCertificateAuthority, prepareMosquitto } from '@coldtrace/telemetry';

/** A real Mosquitto (installed by network/mosquitto/install.sh) running the shipped configuration. */
export class MosquittoBroker {
    readonly #process: ChildProcess;

    private constructor(
        process: ChildProcess,
        readonly url: string,
        readonly output: string[],
    ) {
        this.#process = process;
    }

    /**
     * Starts Mosquitto on 127.0.0.1:`port` with the device CA of `dataDir` (created when absent, as
     * the pipeline would), its data and certificates under `dataDir/mosquitto`.
     */
    static async start(dataDir: string, port: number): Promise<MosquittoBroker> {
        const ca = await openOrCreateDeviceCertificateAuthority(join(dataDir, 'telemetry', 'ca'));
        const dir = join(dataDir, 'mosquitto');
        const conf = await prepareMosquitto({ ca, dir, port });
        const binary = existsSync('/usr/sbin/mosquitto') ? '/usr/sbin/mosquitto' : 'mosquitto';
        const child = spawn(binary, ['-c', conf], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        const output: string[] = [];
        child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
        const broker = new MosquittoBroker(child, `mqtts://localhost:${port}`, output);
        const deadline = Date.now() + 10_000;
        while (!(await listening(port))) {
            if (child.exitCode !== null || Date.now() > deadline) {
                child.kill('SIGKILL');
                throw new Error(`mosquitto did not start (exit ${child.exitCode}): ${output.join('')}`);
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        return broker;
    }

    async stop(): Promise<void> {
        if (this.#process.exitCode !== null) {
            return;
        }
        const exited = new Promise((resolve) => this.#process.once('exit', resolve));
        this.#process.kill('SIGTERM');
        await exited;
    }
}
