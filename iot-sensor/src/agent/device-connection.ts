/**
 * What the agent needs from an MQTT client, so the same agent runs on the AWS IoT Device SDK (the
 * default) or any other client. QoS is always 1: at-least-once, deduplicated by the backend.
 */
export interface DeviceConnection {
    connect(): Promise<void>;
    /** Resolves when the broker acknowledged the message (PUBACK). */
    publish(topic: string, payload: string): Promise<void>;
    subscribe(topic: string, onMessage: (topic: string, payload: Buffer) => void): Promise<void>;
    /** Called with `true` on every (re)connection and `false` when the connection drops. */
    onConnectionChange(listener: (online: boolean) => void): void;
    readonly online: boolean;
    disconnect(): Promise<void>;
}

/** Where and as whom a device connects: the broker, the device CA and its own certificate and key. */
export interface DeviceEndpoint {
    host: string;
    port: number;
    clientId: string;
    caPem: string;
    certificatePem: string;
    privateKeyPem: string;
}
