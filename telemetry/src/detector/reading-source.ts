/**
 * Where the detector takes device readings from when not from its MQTT subscription: e.g. the
 * partitions of a NATS JetStream stream. The source hands each message over as the MQTT
 * subscription would (sensor id, raw payload) and learns which readings are done, so it can let go
 * of them (acknowledge them upstream) only once they are stored and their excursions recorded.
 *
 * @example
 * const detector = new Detector({ ...deps, source: new NatsReadingSource({ connection, owner: 'detector-1' }) });
 */
export interface ReadingSource {
    /** Starts delivering; `deliver` returns false when the detector's inbox is full (the message stays upstream). */
    start(deliver: (sensorId: string, payload: Buffer) => boolean): Promise<void>;
    /** These readings of `sensorId` are stored and detected, or refused for good: the device was told. */
    acknowledged(sensorId: string, seqs: readonly number[]): void;
    /** Stops delivering; what was not acknowledged stays upstream for whoever takes over. */
    stop(): Promise<void>;
}
