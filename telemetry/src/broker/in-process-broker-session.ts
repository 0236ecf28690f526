import type { Aedes } from 'aedes' with { 'resolution-mode': 'import' };
import type { BrokerSession } from './broker-session';

/**
 * A {@link BrokerSession} inside the embedded broker's process: subscriptions are listeners on
 * aedes' own message router and publishes enter it directly, as the broker's own. Over an MQTT
 * client session every reading was encrypted, sent, decrypted and parsed once more to reach the
 * detector, PUBACKed the same way back, and queued and searched in the session's outgoing store
 * (a linear scan per message, which made a backlog slower the longer it grew); each acknowledgement
 * made the same trip the other way. Nothing durable is lost: aedes keeps sessions in memory, so the
 * detector's persistent session never outlived the process either; a reading the detector does not
 * take (full inbox) is not acknowledged and its device sends it again, as before. The broker's
 * access rules are for clients: what publishes here is the broker itself.
 *
 * @example
 * const session = broker.inProcessSession();
 * await session.subscribe(Topics.allTelemetry, (topic, payload) => detector.accept({ sensorId: sensorOfTelemetryTopic(topic)!, payload }, ack));
 */
export class InProcessBrokerSession implements BrokerSession {
    readonly #aedes: Aedes;

    constructor(aedes: Aedes) {
        this.#aedes = aedes;
    }

    subscribe(filter: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void> {
        return new Promise((resolve) =>
            this.#aedes.subscribe(
                filter,
                (packet, done) => {
                    // The listener is told every message as it is routed; the device's PUBACK waits for `done`.
                    try {
                        onMessage(packet.topic, typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload);
                    } finally {
                        done();
                    }
                },
                () => resolve(),
            ),
        );
    }

    publish(topic: string, payload: string): void {
        // Nobody waits on it, as a client's fire-and-forget QoS 1 publish: a device offline gets it from its session.
        this.#aedes.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 1, dup: false, retain: false }, () => undefined);
    }
}
