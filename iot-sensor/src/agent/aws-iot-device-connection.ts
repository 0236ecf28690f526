import { iot, mqtt } from 'aws-iot-device-sdk-v2';
import type { DeviceConnection, DeviceEndpoint } from './device-connection';

export interface AwsIotConnectionOptions {
    /** Backoff bounds of the SDK's automatic reconnection; defaults 1 s and 30 s. */
    reconnectMinSeconds?: number;
    reconnectMaxSeconds?: number;
    keepAliveSeconds?: number;
}

/**
 * The SDK's connection settings for a device: mutual TLS with the device's own certificate, its
 * client id, a persistent session. The SDK's mTLS builder offers the ALPN protocol
 * `x-amzn-mqtt-ca` on every port, which is what AWS IoT Core needs to speak MQTT on port 443
 * (where firewalls let only HTTPS out); brokers on 8883 ignore it. So the same device runs against
 * IoT Core on 8883 or 443 and against coldtrace's own broker, only `endpoint.port` differs.
 *
 * @example
 * const config = awsIotMqttConfigBuilder({ host: 'abc123-ats.iot.eu-west-1.amazonaws.com', port: 443, clientId: 'T-1', caPem, certificatePem, privateKeyPem }).build();
 */
export function awsIotMqttConfigBuilder(endpoint: DeviceEndpoint, options: AwsIotConnectionOptions = {}): iot.AwsIotMqttConnectionConfigBuilder {
    return iot.AwsIotMqttConnectionConfigBuilder.new_mtls_builder(endpoint.certificatePem, endpoint.privateKeyPem)
        .with_certificate_authority(endpoint.caPem)
        .with_endpoint(endpoint.host)
        .with_port(endpoint.port)
        .with_client_id(endpoint.clientId)
        .with_clean_session(false)
        .with_keep_alive_seconds(options.keepAliveSeconds ?? 30)
        .with_reconnect_min_sec(options.reconnectMinSeconds ?? 1)
        .with_reconnect_max_sec(options.reconnectMaxSeconds ?? 30);
}

/**
 * {@link DeviceConnection} on the AWS IoT Device SDK v2 (MQTT 3.1.1 over mutual TLS, through the
 * AWS Common Runtime), the same client a device uses with AWS IoT Core. A persistent session
 * (clean session off) keeps its subscriptions across reconnects; the SDK reconnects by itself.
 *
 * @example
 * const connection = new AwsIotDeviceConnection({ host: 'localhost', port: 8883, clientId: 'T-1', caPem, certificatePem, privateKeyPem });
 * await connection.connect();
 */
export class AwsIotDeviceConnection implements DeviceConnection {
    readonly #connection: mqtt.MqttClientConnection;
    readonly #listeners: ((online: boolean) => void)[] = [];
    readonly #subscriptions = new Map<string, mqtt.OnMessageCallback>();
    #online = false;

    constructor(endpoint: DeviceEndpoint, options: AwsIotConnectionOptions = {}) {
        this.#connection = new mqtt.MqttClient().new_connection(awsIotMqttConfigBuilder(endpoint, options).build());
        this.#connection.on('connection_success', () => this.#setOnline(true));
        this.#connection.on('resume', (_code, sessionPresent) => {
            // A broker that lost our session (restarted, or a new one) has lost our subscriptions too;
            // they are back before anyone hears we are online, or answers would find no subscriber.
            const resubscribed = sessionPresent
                ? Promise.resolve()
                : Promise.all([...this.#subscriptions].map(([topic, handler]) => this.#connection.subscribe(topic, mqtt.QoS.AtLeastOnce, handler).catch(() => undefined)));
            void resubscribed.then(() => this.#setOnline(true));
        });
        this.#connection.on('interrupt', () => this.#setOnline(false));
        this.#connection.on('disconnect', () => this.#setOnline(false));
        // Errors surface through the promises of connect/publish; unhandled 'error' events would crash.
        this.#connection.on('error', () => undefined);
    }

    get online(): boolean {
        return this.#online;
    }

    async connect(): Promise<void> {
        await this.#connection.connect();
        this.#setOnline(true);
    }

    async publish(topic: string, payload: string): Promise<void> {
        await this.#connection.publish(topic, payload, mqtt.QoS.AtLeastOnce);
    }

    async subscribe(topic: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void> {
        const handler: mqtt.OnMessageCallback = (received, payload) => onMessage(received, Buffer.from(payload));
        this.#subscriptions.set(topic, handler);
        await this.#connection.subscribe(topic, mqtt.QoS.AtLeastOnce, handler);
    }

    onConnectionChange(listener: (online: boolean) => void): void {
        this.#listeners.push(listener);
    }

    async disconnect(): Promise<void> {
        this.#setOnline(false);
        await this.#connection.disconnect().catch(() => undefined);
    }

    #setOnline(online: boolean): void {
        if (online !== this.#online) {
            this.#online = online;
            this.#listeners.forEach((listener) => listener(online));
        }
    }
}

/**
 * A device's MQTT 3.1.1 connection to AWS IoT Core (or any broker speaking its mutual TLS), not yet connected.
 *
 * @example
 * const connection = newAwsIotDeviceConnection({ host, port: 8883, clientId: sensorId, certificatePem, privateKeyPem, caPem });
 */
export function newAwsIotDeviceConnection(endpoint: DeviceEndpoint, options?: AwsIotConnectionOptions): AwsIotDeviceConnection {
    return new AwsIotDeviceConnection(endpoint, options);
}
