import type { BrokerSession } from '../broker/broker-session';
import { type ReadingAck, sensorOfTelemetryTopic, Topics } from '@coldtrace/iot-sensor/protocol';
import type { Detector, InboundOutcome } from './detector';
import type { ReadingSource } from './reading-source';

/**
 * The MQTT subscription as a reading source of the detector: every sensor's telemetry topic on the
 * detector's broker session (the embedded broker's in-process one, or a persistent QoS 1 client
 * session with a broker elsewhere), handed to {@link Detector.accept}; the outcomes of one batch
 * go back as one acknowledgement per sensor (its seqs done, and those refused with why). A message
 * the detector did not commit gets no acknowledgement: the device sends it again.
 *
 * With an `upstream` source (NATS JetStream's partitions) the readings come from there instead and
 * the session only carries the devices' acknowledgements; upstream lets go of a reading once its
 * device was told, so a detector that dies before leaves it for whoever takes the partition over.
 *
 * @example
 * await new MqttReadingSource(new MqttBrokerSession(client), detector).start();
 */
export class MqttReadingSource {
    /** Outcomes waiting for the end of the batch that told them, per sensor. */
    readonly #pending = new Map<string, InboundOutcome[]>();
    #flushQueued = false;

    readonly #session: BrokerSession;
    readonly #detector: Pick<Detector, 'accept'>;
    readonly #upstream: ReadingSource | undefined;

    constructor(session: BrokerSession, detector: Pick<Detector, 'accept'>, upstream?: ReadingSource) {
        this.#session = session;
        this.#detector = detector;
        this.#upstream = upstream;
    }

    async start(): Promise<void> {
        if (this.#upstream) {
            await this.#upstream.start((sensorId, payload) => this.#detector.accept({ sensorId, payload }, (outcome) => this.#collect(sensorId, outcome)));
            return;
        }
        await this.#session.subscribe(Topics.allTelemetry, (topic, payload) => {
            const sensorId = sensorOfTelemetryTopic(topic);
            if (sensorId !== undefined) {
                this.#detector.accept({ sensorId, payload }, (outcome) => this.#collect(sensorId, outcome));
            }
        });
    }

    #collect(sensorId: string, outcome: InboundOutcome): void {
        let outcomes = this.#pending.get(sensorId);
        if (!outcomes) {
            outcomes = [];
            this.#pending.set(sensorId, outcomes);
        }
        outcomes.push(outcome);
        // A batch tells all its outcomes in one go: one acknowledgement per sensor and batch.
        if (!this.#flushQueued) {
            this.#flushQueued = true;
            queueMicrotask(() => this.#flush());
        }
    }

    #flush(): void {
        this.#flushQueued = false;
        for (const [sensorId, outcomes] of this.#pending) {
            const done = outcomes.filter((o) => o.status === 'done').map((o) => o.seq);
            const refused = outcomes.flatMap((o) => (o.status === 'refused' && o.seq !== undefined ? [{ seq: o.seq, reason: o.reason }] : []));
            if (done.length + refused.length === 0) {
                continue;
            }
            const ack: ReadingAck = { seqs: [...done, ...refused.map((r) => r.seq)] };
            if (refused.length > 0) {
                ack.refused = refused;
            }
            this.#session.publish(Topics.ack(sensorId), JSON.stringify(ack));
            this.#upstream?.acknowledged(sensorId, ack.seqs);
        }
        this.#pending.clear();
    }
}
