import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';
import { NATS_CONF_FILE, NATS_IDENTITIES_FILE, NATS_PID_FILE, natsMonitorUrlOf, writeNatsUsers } from './nats-config';

/** How long a reload may take before admission gives up on it. */
const RELOAD_TIMEOUT_MS = 10_000;

/** The NATS directory cannot take a device: its users list or the server's pid is missing or unreadable. */
export class NatsAdmissionError extends Error {
    override readonly name = 'NatsAdmissionError';
}

/**
 * Lets devices into a nats-server whose directory (laid out by prepareNats) is on this machine:
 * adds each device certified here to the server's users and has the server reload them (SIGHUP to
 * the pid in its `pid_file`; no connection drops), waiting, when the server has its monitoring
 * port, until `/varz` shows the reload took effect. nats-server outside JWT mode has no per-
 * certificate user template, so a device the server does not list is refused at the handshake.
 * Calls are serialized: two certifications at once never write the list over each other.
 *
 * @example
 * const admission = new NatsDeviceAdmission('/srv/coldtrace/nats');
 * await admission.admit(['T-1', 'T-2']); // 2: both were new, the server reloaded
 */
export class NatsDeviceAdmission {
    readonly #dir: string;
    #queue: Promise<unknown> = Promise.resolve();

    constructor(dir: string) {
        this.#dir = dir;
    }

    /** Adds the devices the server does not list yet and reloads it if any was new; resolves to how many were added. */
    admit(sensorIds: readonly string[]): Promise<number> {
        const run = this.#queue.then(() => this.#admit(sensorIds));
        this.#queue = run.catch(() => undefined);
        return run;
    }

    async #admit(sensorIds: readonly string[]): Promise<number> {
        const identities = await this.#identities();
        const listed = new Set(identities.filter((i) => i.kind === 'device').map((i) => i.commonName));
        const added = [...new Set(sensorIds)].filter((id) => !listed.has(id)).map((commonName): DeviceIdentity => ({ commonName, kind: 'device' }));
        if (added.length === 0) {
            return 0;
        }
        await writeNatsUsers(this.#dir, [...identities, ...added]);
        const pid = await this.#serverPid();
        const monitor = natsMonitorUrlOf(await readFile(join(this.#dir, NATS_CONF_FILE), 'utf8').catch(() => ''));
        const loadedBefore = monitor && (await configLoadTime(monitor));
        try {
            process.kill(pid, 'SIGHUP');
        } catch (error) {
            throw new NatsAdmissionError(`could not signal nats-server (pid ${pid}) to reload its users: ${(error as Error).message}`);
        }
        if (monitor) {
            await this.#reloaded(monitor, loadedBefore);
        }
        return added.length;
    }

    async #reloaded(monitor: string, before: string | undefined): Promise<void> {
        const deadline = Date.now() + RELOAD_TIMEOUT_MS;
        while ((await configLoadTime(monitor)) === before) {
            if (Date.now() > deadline) {
                throw new NatsAdmissionError(`nats-server did not reload its users within ${RELOAD_TIMEOUT_MS / 1000} s (${monitor}/varz): is its configuration valid?`);
            }
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
    }

    async #identities(): Promise<DeviceIdentity[]> {
        const path = join(this.#dir, NATS_IDENTITIES_FILE);
        try {
            return JSON.parse(await readFile(path, 'utf8')) as DeviceIdentity[];
        } catch (error) {
            throw new NatsAdmissionError(`cannot read the NATS users of ${path} (is it a directory laid out by prepareNats?): ${(error as Error).message}`);
        }
    }

    async #serverPid(): Promise<number> {
        const path = join(this.#dir, NATS_PID_FILE);
        const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
        if (!Number.isInteger(pid) || pid <= 0) {
            throw new NatsAdmissionError(`no nats-server pid in ${path}: the server of this directory must run on this machine to reload its users`);
        }
        return pid;
    }
}

/** When the server last loaded its configuration, from its monitoring port. */
async function configLoadTime(monitor: string): Promise<string | undefined> {
    try {
        const varz = (await (await fetch(`${monitor}/varz`)).json()) as { config_load_time?: string };
        return varz.config_load_time;
    } catch (error) {
        throw new NatsAdmissionError(`cannot read ${monitor}/varz: ${(error as Error).message}`);
    }
}

/**
 * Admits devices to the NATS server whose configuration is in `dir`.
 *
 * @example
 * await newNatsDeviceAdmission(configDir).admit([sensorId]);
 */
export function newNatsDeviceAdmission(dir: string): NatsDeviceAdmission {
    return new NatsDeviceAdmission(dir);
}
