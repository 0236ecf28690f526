import { type AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type Server, createServer } from 'node:tls';
import type { Aedes, AedesOptions, Client } from 'aedes' with { 'resolution-mode': 'import' };
import { PeerIdentityCache } from '../device-ca/peer-identity-cache';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';
import { mayUseClientId } from './client-id-policy';
import type { BrokerSession } from './broker-session';
import { InProcessBrokerSession } from './in-process-broker-session';
import { DEFAULT_MAX_PACKET_BYTES } from './mqtt-packet-size-limit';
import { SizeLimitedConnection } from './size-limited-connection';
import { mayPublish, maySubscribe } from './topic-acl';

export interface EmbeddedBrokerOptions {
    /** Defaults to 127.0.0.1: the embedded broker serves this machine only. */
    host?: string;
    /** Defaults to 8883; 0 picks a free port. */
    port?: number;
    /** The device CA: the only issuer whose client certificates are accepted. */
    caPem: string;
    /** The broker's own server certificate and key, issued by the device CA. */
    certificatePem: string;
    privateKeyPem: string;
    /**
     * Largest MQTT packet a client may send, in bytes (type byte plus remaining length, as
     * Mosquitto's `max_packet_size` counts); a larger one closes its connection before it is
     * read. Default 64 KiB.
     */
    maxPacketBytes?: number;
    /** Called when the broker refuses a connection, publish, subscribe or packet, for logs and metrics. */
    onRefused?: (refusal: BrokerRefusal) => void;
}

export interface BrokerRefusal {
    /** Empty when the connection was closed before it said who it is. */
    clientId: string;
    identity: DeviceIdentity | undefined;
    action: 'connect' | 'publish' | 'subscribe' | 'packet';
    topic?: string;
    /** For `packet`: why, e.g. the size its fixed header announced. */
    reason?: string;
}

/**
 * The default broker: aedes behind a TLS server that demands a client certificate from the device
 * CA (others fail the handshake), and an ACL that reads who the client is from that certificate.
 *
 * @example
 * const broker = await EmbeddedBroker.start({ caPem, certificatePem, privateKeyPem, port: 8883 });
 * console.log(broker.url); // mqtts://localhost:8883
 * await broker.close();
 */
export class EmbeddedBroker {
    readonly #aedes: Aedes;
    readonly #server: Server;
    readonly #admitted: { bytes: number };

    private constructor(
        aedes: Aedes,
        server: Server,
        readonly port: number,
        admitted: { bytes: number },
    ) {
        this.#aedes = aedes;
        this.#server = server;
        this.#admitted = admitted;
    }

    static async start(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
        const { Aedes } = await import('aedes');
        const identities = new WeakMap<Client, DeviceIdentity>();
        // Who each connection's certificate names, read from the TLS socket when it is accepted.
        const peers = new WeakMap<Duplex, DeviceIdentity | undefined>();
        const admitted = { bytes: 0 };
        // A logger reconnects with the same certificate every wake: decoded once, then found by fingerprint.
        const peerIdentities = new PeerIdentityCache();
        const refuse = (client: Client, action: BrokerRefusal['action'], topic?: string, identity = identities.get(client)) =>
            options.onRefused?.({ clientId: client.id, identity, action, topic });
        const handlers: AedesOptions = {
            // The QoS 1 stream from one sensor is a few messages; the detector's own session may
            // hold many while it commits, so it gets room rather than silent drops.
            queueLimit: 100_000,
            authenticate(client, _username, _password, done) {
                const identity = peers.get(client.conn);
                if (!identity) {
                    refuse(client, 'connect');
                    const error = Object.assign(new Error('client certificate names no coldtrace identity'), { returnCode: 5 as const });
                    return done(error, false);
                }
                // Checked before aedes looks for a session of this id, so a refused client takes none over.
                if (!mayUseClientId(identity, client.id)) {
                    refuse(client, 'connect', undefined, identity);
                    const error = Object.assign(new Error(`a ${identity.kind} certificate for ${identity.commonName} may not connect as client id ${client.id}`), {
                        returnCode: 2 as const,
                    });
                    return done(error, false);
                }
                identities.set(client, identity);
                done(null, true);
            },
            authorizePublish(client, packet, done) {
                const identity = client && identities.get(client);
                if (client && (!identity || !mayPublish(identity, packet.topic))) {
                    refuse(client, 'publish', packet.topic);
                    return done(new Error(`${identity?.commonName ?? client.id} may not publish on ${packet.topic}`));
                }
                done(null);
            },
            authorizeSubscribe(client, subscription, done) {
                const identity = identities.get(client);
                if (!identity || !maySubscribe(identity, subscription.topic)) {
                    refuse(client, 'subscribe', subscription.topic);
                    // A null subscription answers SUBACK 0x80 (failure) without closing the session.
                    return done(null, null);
                }
                done(null, subscription);
            },
        };
        const aedes = await Aedes.createBroker(handlers);
        const server = createServer(
            {
                ca: options.caPem,
                cert: options.certificatePem,
                key: options.privateKeyPem,
                requestCert: true,
                rejectUnauthorized: true,
                minVersion: 'TLSv1.2',
            },
            (socket) => {
                // rejectUnauthorized: every socket that gets here holds a certificate of the device CA.
                const identity = peerIdentities.of(socket);
                const connection = new SizeLimitedConnection(
                    socket,
                    options.maxPacketBytes ?? DEFAULT_MAX_PACKET_BYTES,
                    (refusal) => options.onRefused?.({ clientId: (connection as { client?: Client }).client?.id ?? '', identity, action: 'packet', reason: refusal.reason }),
                    (bytes) => (admitted.bytes += bytes),
                );
                peers.set(connection, identity);
                aedes.handle(connection);
            },
        );
        // A client that fails the handshake (wrong CA, no certificate) is simply not served.
        server.on('tlsClientError', () => undefined);
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(options.port ?? 8883, options.host ?? '127.0.0.1', () => resolve());
        });
        return new EmbeddedBroker(aedes, server, (server.address() as AddressInfo).port, admitted);
    }

    /** Bytes handed to aedes' parser since start, from all connections (a refused packet adds none). */
    get bytesAdmitted(): number {
        return this.#admitted.bytes;
    }

    /**
     * A session of this process with the broker, without TLS or MQTT in between: the detector's
     * readings and acknowledgements (see {@link InProcessBrokerSession}).
     *
     * @example
     * await broker.inProcessSession().subscribe(Topics.allTelemetry, (topic, payload) => console.log(topic, payload.length));
     */
    inProcessSession(): BrokerSession {
        return new InProcessBrokerSession(this.#aedes);
    }

    get url(): string {
        return `mqtts://localhost:${this.port}`;
    }

    async close(): Promise<void> {
        await new Promise<void>((resolve) => this.#aedes.close(() => resolve()));
        await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    }
}

/**
 * Starts the in-process MQTT broker and resolves once it listens.
 *
 * @example
 * const broker = await startEmbeddedBroker({ port: 8883, caPem: ca.certificatePem, certificatePem, privateKeyPem });
 */
export function startEmbeddedBroker(options: EmbeddedBrokerOptions): Promise<EmbeddedBroker> {
    return EmbeddedBroker.start(options);
}
