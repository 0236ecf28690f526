import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { listening } from './local-ports';

/** The nats-server of network/nats/install.sh: built with Go once, then cached (`--print-path` builds it when missing). */
function natsServerBinary(): string {
    const script = resolve(__dirname, '../../../network/nats/install.sh');
    return execFileSync('bash', [script, '--print-path'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * Starts nats-server on a configuration that `prepareNats` wrote, gathering what it prints into
 * `output`, and resolves once its MQTT listener accepts connections: that listener opens last, once
 * JetStream has recovered its store. Fails with what the server printed when it exits first or is
 * not up within `timeoutMs`. For the tests and the benchmarks, which run their own server.
 *
 * @example
 * const child = await launchNatsServer(prepared.conf, mqttPort, output, 20_000);
 */
export async function launchNatsServer(conf: string, mqttPort: number, output: string[], timeoutMs: number): Promise<ChildProcess> {
    const child = spawn(natsServerBinary(), ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const deadline = Date.now() + timeoutMs;
    while (!(await listening(mqttPort))) {
        if (child.exitCode !== null || Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error(`nats-server did not start (exit ${child.exitCode}): ${output.join('')}`);
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return child;
}
