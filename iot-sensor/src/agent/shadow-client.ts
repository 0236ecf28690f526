import { DeviceConfig, DEFAULT_DEVICE_CONFIG } from '../protocol/device-config';
import { Topics } from '../protocol/topics';
import type { DeviceConnection } from './device-connection';

/** What the device reads of a shadow document: `desired` in a get's answer, `state` itself in a delta. */
interface ShadowDocument {
    state?: { desired?: unknown };
}

/**
 * The device's side of its shadow on the AWS IoT topics: asks for the document at start, applies
 * `desired` (and later deltas) to its configuration, and reports what it now runs with. Served by
 * AWS IoT Core or by coldtrace's shadow service on the local broker alike.
 *
 * @example
 * const shadow = new ShadowClient('T-1', connection);
 * shadow.onConfig((config) => console.log('every', config.intervalSeconds, 's'));
 * await shadow.start();
 */
export class ShadowClient {
    #config: DeviceConfig = DEFAULT_DEVICE_CONFIG;
    readonly #listeners: ((config: DeviceConfig) => void)[] = [];

    readonly #thingName: string;
    readonly #connection: DeviceConnection;

    constructor(thingName: string, connection: DeviceConnection) {
        this.#thingName = thingName;
        this.#connection = connection;
    }

    get config(): DeviceConfig {
        return this.#config;
    }

    onConfig(listener: (config: DeviceConfig) => void): void {
        this.#listeners.push(listener);
    }

    async start(): Promise<void> {
        const name = this.#thingName;
        await this.#connection.subscribe(Topics.shadow(name, 'get', 'accepted'), (_t, payload) => this.#apply(payload, (doc) => doc?.state?.desired));
        await this.#connection.subscribe(Topics.shadow(name, 'update', 'delta'), (_t, payload) => this.#apply(payload, (doc) => doc?.state));
        await this.#connection.publish(Topics.shadow(name, 'get'), '{}');
    }

    #apply(payload: Buffer, desiredOf: (document: ShadowDocument | undefined) => unknown): void {
        let desired: unknown;
        try {
            desired = desiredOf(JSON.parse(payload.toString('utf8')));
        } catch {
            return;
        }
        const next = DeviceConfig.safeParse({ ...this.#config, ...(typeof desired === 'object' ? desired : {}) });
        if (!next.success) {
            return;
        }
        this.#config = next.data;
        this.#listeners.forEach((listener) => listener(this.#config));
        void this.#connection.publish(Topics.shadow(this.#thingName, 'update'), JSON.stringify({ state: { reported: this.#config } })).catch(() => undefined);
    }
}
