import type { MqttClient } from 'mqtt';
import type { TelemetryLog } from '../telemetry-log';

/** Why and since when the detector's session is down. */
export interface BrokerOutage {
    since: string;
    reason: string;
}

/**
 * Follows the detector's MQTT session (mqtt.js reconnects it by itself): whether it is connected,
 * how often it came back, and while it is down since when and why. Readings are neither stored nor
 * acknowledged while it is down, so every outage is logged when it starts and when it ends, and
 * health checks read {@link outage}.
 *
 * @example
 * const monitor = new BrokerConnectionMonitor(client, { url: brokerUrl, log: logger });
 * monitor.outage; // undefined, or { since: '2026-11-20T10:00:00.000Z', reason: 'connection closed' }
 */
export class BrokerConnectionMonitor {
    #connected: boolean;
    #reconnects = 0;
    #downSinceMs: number | undefined;
    #lastError: string | undefined;
    readonly #detach: () => void;

    readonly #options: { url: string; log?: TelemetryLog; clock?: () => number };

    constructor(client: MqttClient, options: { url: string; log?: TelemetryLog; clock?: () => number }) {
        this.#options = options;
        this.#connected = client.connected;
        const onConnect = (connack: { sessionPresent?: boolean }) => this.#up(connack.sessionPresent === true);
        const onClose = () => this.#down();
        // Without a listener an 'error' event would end the process; the next 'close' says it is down.
        const onError = (error: Error) => {
            this.#lastError = error.message;
        };
        client.on('connect', onConnect);
        client.on('close', onClose);
        client.on('error', onError);
        this.#detach = () => {
            client.removeListener('connect', onConnect);
            client.removeListener('close', onClose);
            client.removeListener('error', onError);
        };
    }

    get connected(): boolean {
        return this.#connected;
    }

    /** Connections re-established after a drop, since start. */
    get reconnects(): number {
        return this.#reconnects;
    }

    /** While disconnected: since when and why; undefined while connected. */
    get outage(): BrokerOutage | undefined {
        if (this.#connected || this.#downSinceMs === undefined) {
            return undefined;
        }
        return { since: new Date(this.#downSinceMs).toISOString(), reason: this.#lastError ?? 'connection closed' };
    }

    /** Stops following the client, before the pipeline closes it on purpose. */
    stop(): void {
        this.#detach();
    }

    #now(): number {
        return (this.#options.clock ?? Date.now)();
    }

    #down(): void {
        if (!this.#connected) {
            return;
        }
        this.#connected = false;
        this.#downSinceMs = this.#now();
        this.#options.log?.warn(
            { broker: this.#options.url, reason: this.#lastError ?? 'connection closed' },
            `telemetry: lost the MQTT broker connection at ${this.#options.url}; readings are neither stored nor acknowledged until it is back`,
        );
    }

    #up(sessionPresent: boolean): void {
        if (this.#connected) {
            return;
        }
        this.#connected = true;
        if (this.#downSinceMs === undefined) {
            return;
        }
        this.#reconnects += 1;
        const downMs = this.#now() - this.#downSinceMs;
        this.#options.log?.info(
            { broker: this.#options.url, downMs, sessionPresent, reason: this.#lastError ?? 'connection closed' },
            `telemetry: MQTT broker connection back after ${(downMs / 1000).toFixed(1)} s` +
                (sessionPresent ? ' (session resumed)' : ' (new session: messages the broker held for the detector are lost; devices resend what was not acknowledged)'),
        );
        this.#downSinceMs = undefined;
        this.#lastError = undefined;
    }
}
