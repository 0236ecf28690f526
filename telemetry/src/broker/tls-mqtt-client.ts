import mqtt, { type MqttClient } from 'mqtt';
import type { IssuedCredentials } from '../device-ca/device-certificate-authority';

/**
 * An MQTT client (mqtt.js) over mutual TLS: how backend services (detector, provisioning, shadow)
 * and tests speak to the broker as a given certificate. Resolves once CONNACK arrives, rejects on the first error (e.g. a refused handshake).
 *
 * @example
 * const client = await connectTls(broker.url, caPem, await ca.issue({ commonName: 'T-1', kind: 'device' }));
 */
export function connectTls(url: string, caPem: string, credentials: IssuedCredentials, options: mqtt.IClientOptions = {}): Promise<MqttClient> {
    return new Promise((resolve, reject) => {
        const client = mqtt.connect(url, {
            ca: caPem,
            cert: credentials.certificatePem,
            key: credentials.privateKeyPem,
            reconnectPeriod: 0,
            connectTimeout: 10_000,
            ...options,
        });
        const fail = (error: Error) => {
            client.removeListener('connect', connected);
            client.end(true);
            reject(error);
        };
        const closedEarly = () => fail(new Error('connection closed before CONNACK'));
        const connected = () => {
            // Only our own listeners: mqtt.js reconnects from a 'close' listener of its own.
            client.removeListener('error', fail);
            client.removeListener('close', closedEarly);
            resolve(client);
        };
        client.once('error', fail);
        client.once('close', closedEarly);
        client.once('connect', connected);
    });
}

/** The next message a client receives, as `[topic, payload]`. */
export function nextMessage(client: MqttClient): Promise<[string, Buffer]> {
    return new Promise((resolve) => client.once('message', (topic, payload) => resolve([topic, payload])));
}

/** Resolves when the broker or the client closes the connection. */
export function closed(client: MqttClient): Promise<void> {
    return new Promise((resolve) => client.once('close', () => resolve()));
}
