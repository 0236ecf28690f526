import { iot, mqtt5 } from 'aws-iot-device-sdk-v2';
import type { AwsIotConnectionOptions } from './aws-iot-device-connection';
import { topicMatches } from '../protocol/topics';
import type { DeviceConnection, DeviceEndpoint } from './device-connection';

/**
 * The MQTT 5 counterpart of {@link awsIotMqttConfigBuilder}: the same mTLS identity and ALPN
 * `x-amzn-mqtt-ca` (IoT Core on 443 or 8883), a session that outlives a week offline.
 *
 * @example
 * const config = awsIotMqtt5ConfigBuilder({ host: 'abc123-ats.iot.eu-west-1.amazonaws.com', port: 443, clientId: 'T-1', caPem, certificatePem, privateKeyPem }).build();
 */
export function awsIotMqtt5ConfigBuilder(endpoint: DeviceEndpoint, options: AwsIotConnectionOptions = {}): iot.AwsIotMqtt5ClientConfigBuilder {
    return iot.AwsIotMqtt5ClientConfigBuilder.newDirectMqttBuilderWithMtlsFromMemory(endpoint.host, endpoint.certificatePem, endpoint.privateKeyPem)
        .withCertificateAuthority(endpoint.caPem)
        .withPort(endpoint.port)
        .withConnectProperties({ clientId: endpoint.clientId, keepAliveIntervalSeconds: options.keepAliveSeconds ?? 30, sessionExpiryIntervalSeconds: 7 * 24 * 3600 })
        .withSessionBehavior(mqtt5.ClientSessionBehavior.RejoinAlways)
        .withMinReconnectDelayMs((options.reconnectMinSeconds ?? 1) * 1000)
        .withMaxReconnectDelayMs((options.reconnectMaxSeconds ?? 30) * 1000);
}

/**
 * {@link DeviceConnection} over MQTT 5 with the AWS IoT Device SDK v2, for brokers that speak it
 * (AWS IoT Core, Mosquitto; not aedes). A session that expires after a week keeps subscriptions
 * and queued acknowledgements across reconnects; a refused publish comes back as a PUBACK reason
 * code, which rejects the publish here instead of being silently dropped as in MQTT 3.1.1.
 *
 * @example
 * const connection = new AwsIotMqtt5DeviceConnection({ host: 'localhost', port: 8883, clientId: 'T-1', caPem, certificatePem, privateKeyPem });
 */
export class AwsIotMqtt5DeviceConnection implements DeviceConnection {
    readonly #client: mqtt5.Mqtt5Client;
    readonly #listeners: ((online: boolean) => void)[] = [];
    readonly #handlers = new Map<string, (topic: string, payload: Buffer) => void>();
    #online = false;
    #connected: Promise<void>;

    constructor(endpoint: DeviceEndpoint, options: AwsIotConnectionOptions = {}) {
        this.#client = new mqtt5.Mqtt5Client(awsIotMqtt5ConfigBuilder(endpoint, options).build());
        let resolveConnected!: () => void;
        this.#connected = new Promise((resolve) => (resolveConnected = resolve));
        this.#client.on('connectionSuccess', () => {
            resolveConnected();
            this.#setOnline(true);
        });
        this.#client.on('disconnection', () => this.#setOnline(false));
        this.#client.on('error', () => undefined);
        this.#client.on('messageReceived', ({ message }) => {
            const payload = message.payload === undefined ? Buffer.alloc(0) : Buffer.from(message.payload as ArrayBuffer);
            for (const [filter, handler] of this.#handlers) {
                if (topicMatches(filter, message.topicName)) {
                    handler(message.topicName, payload);
                }
            }
        });
    }

    get online(): boolean {
        return this.#online;
    }

    async connect(): Promise<void> {
        this.#client.start();
        await this.#connected;
    }

    async publish(topic: string, payload: string): Promise<void> {
        const result = await this.#client.publish({ topicName: topic, payload, qos: mqtt5.QoS.AtLeastOnce });
        const reasonCode = (result as { reasonCode?: number } | undefined)?.reasonCode ?? 0;
        if (reasonCode >= 0x80) {
            throw new Error(`the broker refused the publish on ${topic} (reason code 0x${reasonCode.toString(16)})`);
        }
    }

    async subscribe(topic: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void> {
        this.#handlers.set(topic, onMessage);
        await this.#client.subscribe({ subscriptions: [{ topicFilter: topic, qos: mqtt5.QoS.AtLeastOnce }] });
    }

    onConnectionChange(listener: (online: boolean) => void): void {
        this.#listeners.push(listener);
    }

    async disconnect(): Promise<void> {
        this.#setOnline(false);
        const stopped = new Promise<void>((resolve) => this.#client.once('stopped', () => resolve()));
        this.#client.stop();
        await stopped;
        this.#client.close();
    }

    #setOnline(online: boolean): void {
        if (online !== this.#online) {
            this.#online = online;
            this.#listeners.forEach((listener) => listener(online));
        }
    }
}

/**
 * A device's MQTT 5 connection to AWS IoT Core (or any broker speaking its mutual TLS), not yet connected.
 *
 * @example
 * const connection = newAwsIotMqtt5DeviceConnection({ host, port: 8883, clientId: sensorId, certificatePem, privateKeyPem, caPem });
 */
export function newAwsIotMqtt5DeviceConnection(endpoint: DeviceEndpoint, options?: AwsIotConnectionOptions): AwsIotMqtt5DeviceConnection {
    return new AwsIotMqtt5DeviceConnection(endpoint, options);
}
