/**
 * What the detector needs of a broker: messages of a topic filter, and QoS 1 publishes (the
 * devices' acknowledgements). Two kinds: an MQTT client session ({@link MqttBrokerSession}, for
 * Mosquitto, NATS' MQTT gateway or any broker in another process) and the embedded broker's own
 * in-process session ({@link InProcessBrokerSession}), which skips the TLS and MQTT round trip
 * between two halves of one process.
 *
 * @example
 * await session.subscribe('coldtrace/sensors/+/telemetry', (topic, payload) => console.log(topic, payload.length));
 * session.publish('coldtrace/sensors/T-1/ack', '{"seqs":[1]}');
 */
export interface BrokerSession {
    /** Hands `onMessage` every message published on a topic matching `filter` from now on; resolves once subscribed. */
    subscribe(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void>;
    /** Publishes `payload` on `topic` at QoS 1 and does not wait for it to be delivered. */
    publish(topic: string, payload: string): void;
}
