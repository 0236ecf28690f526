import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@coldtrace/telemetry';

const MAIN = resolve(__dirname, '../../api/dist/server/main.js');
const ADMIN = resolve(__dirname, '../../api/dist/server/admin-cli.js');

/**
 * The node flags `npm start` runs the server with (package.json), so a benchmark measures that server:
 * semi-spaces of up to 64 MB, because a 2,000-serial bulk step makes tens of thousands of short-lived
 * messages and records; with the default 16 MB the garbage collector took 30 % of the step's CPU.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'];

/** A coldtrace server in its own process, so the load generator does not share its event loop. */
export interface ServerProcess {
    url: string;
    /** The embedded broker's mqtts URL (mutual TLS, device CA in `<dataDir>/telemetry/ca`). */
    mqttUrl: string;
    child: ChildProcess;
    /** Seconds from spawning the process to its first healthy answer. */
    startSeconds: number;
    stop(): Promise<void>;
}

/**
 * Adds one user per role with `password` to `dataDir`, then starts `npm start`'s server on it
 * without demo data, and resolves once /healthz answers.
 *
 * @example
 * const server = await startServerProcess({ dataDir, ledger: 'embedded', password: 'bench-password' });
 */
export interface ServerProcessOptions {
    dataDir: string;
    ledger: 'embedded' | 'fabric';
    password: string;
    /** Flags for node itself, before the script (e.g. `--cpu-prof`). */
    nodeArgs?: string[];
    /** More flags for the server (e.g. `--mqtt-port 0`). */
    serverArgs?: string[];
    env?: NodeJS.ProcessEnv;
    /** Each line the server logs (pino JSON), when a benchmark reads what the server reports. */
    onLogLine?: (line: string) => void;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
    for (const role of ['manufacturer', 'carrier', 'retailer', 'auditor']) {
        const admin = spawn(process.execPath, [ADMIN, 'user', 'add', role, '--role', role, '--data', options.dataDir], {
            env: { ...process.env, COLDTRACE_PASSWORD: options.password },
            stdio: 'ignore',
        });
        await once(admin, 'exit');
    }
    const port = await freePort();
    // Its own broker port too, so a benchmark runs beside `npm start` (which holds 8883).
    const mqttPort = await freePort();
    const spawnedAt = Date.now();
    const args = [
        ...SERVER_NODE_FLAGS,
        ...(options.nodeArgs ?? []),
        MAIN,
        '--no-demo',
        '--data',
        options.dataDir,
        '--ledger',
        options.ledger,
        '--port',
        String(port),
        '--mqtt-port',
        String(mqttPort),
        ...(options.serverArgs ?? []),
    ];
    const child = spawn(process.execPath, args, {
        // The load generators play days of sensor time in minutes: readings run far ahead of the clock.
        env: { ...process.env, LOG_LEVEL: options.onLogLine ? 'info' : 'warn', COLDTRACE_MAX_CLOCK_SKEW_SECONDS: String(365 * 86_400), ...options.env },
        stdio: ['ignore', options.onLogLine ? 'pipe' : 'ignore', 'inherit'],
    });
    if (options.onLogLine) {
        createInterface({ input: child.stdout! }).on('line', options.onLogLine);
    }
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
        if (child.exitCode !== null) {
            throw new Error(`the server exited with ${child.exitCode} before it answered`);
        }
        try {
            if ((await fetch(`${url}/healthz`)).ok) {
                break;
            }
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline) {
            child.kill('SIGKILL');
            throw new Error('the server did not answer /healthz within 60 s');
        }
        await new Promise((r) => setTimeout(r, 100));
    }
    return {
        url,
        mqttUrl: `mqtts://localhost:${mqttPort}`,
        child,
        startSeconds: (Date.now() - spawnedAt) / 1000,
        stop: async () => {
            if (child.exitCode === null) {
                child.kill('SIGTERM');
                await once(child, 'exit');
            }
        },
    };
}
