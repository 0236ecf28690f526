import { type AddressInfo } from 'node:net';
import { createServer } from 'node:tls';
import { parseArgs } from 'node:util';
import { startEmbeddedBroker } from '@coldtrace/telemetry';

/** What {@link startBrokerFloorServer} runs: the bare floors and the embedded broker, each in a process of its own. */
export type BrokerUnderTest = 'bare-tls' | 'bare-aedes' | 'embedded';

export interface BrokerServerCredentials {
    caPem: string;
    certificatePem: string;
    privateKeyPem: string;
}

/** CONNACK, session not present, accepted: what the bare TLS floor answers a CONNECT with. */
const CONNACK = Buffer.from([0x20, 2, 0, 0]);

const tlsOptions = (c: BrokerServerCredentials) => ({
    ca: c.caPem,
    cert: c.certificatePem,
    key: c.privateKeyPem,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2' as const,
});

/**
 * Starts one server on a free port of 127.0.0.1 and resolves with it: a Node TLS server demanding
 * client certificates that answers the first bytes of each connection with a CONNACK (the floor for handshakes), aedes
 * with no hooks behind the same TLS server (the floor for MQTT), or the embedded broker.
 *
 * @example
 * const port = await startBrokerFloorServer('bare-aedes', credentials);
 */
export async function startBrokerFloorServer(kind: BrokerUnderTest, credentials: BrokerServerCredentials): Promise<number> {
    if (kind === 'embedded') {
        return (await startEmbeddedBroker({ ...credentials, port: 0 })).port;
    }
    // The client sends its MQTT CONNECT in both runs, so the floor reads and decrypts it too and
    // answers with a CONNACK's four bytes: the TLS work per connection is then the broker's.
    let onSocket: (socket: import('node:tls').TLSSocket) => void = (socket) => socket.once('data', () => socket.end(CONNACK));
    if (kind === 'bare-aedes') {
        const { Aedes } = await import('aedes');
        const aedes = await Aedes.createBroker({ queueLimit: 100_000 });
        onSocket = (socket) => aedes.handle(socket);
    }
    const server = createServer(tlsOptions(credentials), onSocket);
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return (server.address() as AddressInfo).port;
}

// Run as a child process: `node broker-floor-server.js <kind>`, credentials over IPC, the port back.
if (require.main === module) {
    const [kind] = parseArgs({ allowPositionals: true }).positionals;
    process.once('message', (credentials: BrokerServerCredentials) => {
        startBrokerFloorServer(kind as BrokerUnderTest, credentials).then(
            (port) => process.send!({ port }),
            (error: Error) => {
                console.error(error);
                process.exit(1);
            },
        );
    });
}
