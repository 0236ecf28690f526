import type { MqttClient } from 'mqtt';
import { topicMatches } from '@coldtrace/iot-sensor/protocol';
import type { BrokerSession } from './broker-session';

/**
 * A {@link BrokerSession} over an MQTT client connection (mutual TLS, the detector's persistent
 * session): for a broker in another process. The client may be shared with other services (shadow,
 * provisioning): each subscription hears only the topics its filter matches.
 *
 * @example
 * const session = new MqttBrokerSession(await connectTls(url, caPem, credentials, { clientId: 'coldtrace-detector', clean: false }));
 * await session.subscribe(Topics.allTelemetry, (topic, payload) => detector.accept({ sensorId: sensorOfTelemetryTopic(topic)!, payload }, ack));
 */
export class MqttBrokerSession implements BrokerSession {
    readonly #client: MqttClient;
    readonly #publishQos: 0 | 1;

    /**
     * `publishQos`: the QoS of what the session publishes (the devices' acks); 1 unless told. 0 suits
     * a broker whose QoS 1 costs a durable store per message (NATS' gateway puts each in JetStream):
     * an ack lost on the way only makes its device send those readings again, and the store
     * de-duplicates them.
     */
    constructor(client: MqttClient, options: { publishQos?: 0 | 1 } = {}) {
        this.#client = client;
        this.#publishQos = options.publishQos ?? 1;
    }

    async subscribe(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void> {
        this.#client.on('message', (topic, payload) => {
            if (topicMatches(filter, topic)) {
                onMessage(topic, payload);
            }
        });
        await this.#client.subscribeAsync(filter, { qos: 1 });
    }

    publish(topic: string, payload: string): void {
        this.#client.publish(topic, payload, { qos: this.#publishQos });
    }
}
