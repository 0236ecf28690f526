import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CLAIM_COMMON_NAME, Topics } from '@coldtrace/iot-sensor/protocol';
import { ensurePrivateDirectory, writePrivateFile } from '../files/private-files';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';
import type { DeviceIdentity } from '../device-ca/device-identity-kind';

/** Files of a NATS directory laid out by prepareNats: the users the server reads, the same list as JSON for whoever adds devices, the server's pid. */
export const NATS_USERS_FILE = 'users.conf';
export const NATS_IDENTITIES_FILE = 'users.json';
export const NATS_PID_FILE = 'nats.pid';
export const NATS_CONF_FILE = 'nats.conf';

/** The monitoring URL a configuration of renderNatsConfig names, if any. */
export function natsMonitorUrlOf(conf: string): string | undefined {
    const address = /^http: "([^"]+)"$/m.exec(conf)?.[1];
    return address && `http://${address}`;
}

/** The JetStream stream every device's readings land in, partitioned by sensor. */
export const READINGS_STREAM = 'COLDTRACE_READINGS';
/** Partitions of the readings stream unless the deployment says otherwise. */
export const DEFAULT_READING_PARTITIONS = 8;

/** Subject of a partition's readings: `coldtrace.readings.<partition>.<sensorId>`. */
export function partitionSubject(partition: number): string {
    return `coldtrace.readings.${partition}.*`;
}

/** The sensor id of a partitioned readings subject, or undefined for another subject. */
export function sensorOfReadingSubject(subject: string): string | undefined {
    return /^coldtrace\.readings\.\d+\.([^.]+)$/.exec(subject)?.[1];
}

/** An MQTT topic as the NATS server's MQTT gateway names its subject (`/` becomes `.`). */
const subjectOf = (topic: string) => topic.replaceAll('/', '.').replaceAll('+', '*').replace(/\.#$/, '.>');

/**
 * The NATS user a certificate of the device CA is mapped to by `verify_and_map`: its subject in
 * RFC 2253 order, as the server prints it.
 *
 * @example
 * natsUserOf({ commonName: 'T-1', kind: 'device' }); // 'CN=T-1,OU=device,O=coldtrace devices'
 */
export function natsUserOf(identity: DeviceIdentity): string {
    return `CN=${identity.commonName},OU=${identity.kind},O=coldtrace devices`;
}

interface NatsPermissions {
    publish: string[];
    subscribe: string[];
}

/**
 * What each identity may do on NATS, the same rules as the embedded broker's topic ACL and the
 * Mosquitto ACL: a device publishes only its own telemetry and shadow requests (the telemetry
 * subject before and after the partition mapping) and reads only its acks and shadow answers.
 */
function permissionsOf(identity: DeviceIdentity): NatsPermissions | undefined {
    const id = identity.commonName;
    switch (identity.kind) {
        case 'service':
            return undefined;
        case 'device':
            return {
                publish: [Topics.telemetry(id), Topics.shadow(id, 'get'), Topics.shadow(id, 'update')].map(subjectOf).concat(`coldtrace.readings.*.${id}`),
                subscribe: [Topics.ack(id), `$aws/things/${id}/shadow/#`].map(subjectOf),
            };
        case 'claim':
            return {
                publish: [Topics.createFromCsr(), '$aws/provisioning-templates/+/provision/json'].map(subjectOf),
                subscribe: [Topics.createFromCsr('accepted'), Topics.createFromCsr('rejected'), '$aws/provisioning-templates/+/provision/json/+'].map(subjectOf),
            };
    }
}

const quoted = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

/**
 * The `authorization` block: one user per certificate the server is to let in, named by its
 * subject. Services (the detectors) may do anything; devices and the fleet claim only their own.
 */
export function renderNatsUsers(identities: readonly DeviceIdentity[]): string {
    const users = identities.map((identity) => {
        const permissions = permissionsOf(identity);
        const rules = permissions ? `, permissions: { publish: { allow: ${quoted(permissions.publish)} }, subscribe: { allow: ${quoted(permissions.subscribe)} } }` : '';
        return `    { user: ${JSON.stringify(natsUserOf(identity))}${rules} }`;
    });
    return `authorization {\n  users = [\n${users.join('\n')}\n  ]\n}\n`;
}

export interface NatsConfigInput {
    /** Absolute directory holding `certs/`, `jetstream/` and `users.conf`. */
    dir: string;
    /** Port of NATS clients (the detectors). */
    port: number;
    /** Port of the MQTT gateway the devices connect to (mutual TLS). */
    mqttPort: number;
    partitions: number;
    /** Port of the server's HTTP monitoring on loopback (`/varz`), which tells when a reload took effect; none without it. */
    monitorPort?: number;
}

/**
 * The server configuration: NATS and MQTT listeners on loopback, both mutual TLS with the device CA
 * and the certificate's subject as the user; JetStream with its store in `dir`; telemetry subjects
 * mapped to a partition by sensor id, so one sensor's readings stay in order in one partition.
 */
export function renderNatsConfig({ dir, port, mqttPort, partitions, monitorPort }: NatsConfigInput): string {
    const tls = (timeout: number) => `tls {
    cert_file: ${JSON.stringify(join(dir, 'certs', 'server-cert.pem'))}
    key_file: ${JSON.stringify(join(dir, 'certs', 'server-key.pem'))}
    ca_file: ${JSON.stringify(join(dir, 'certs', 'device-ca.pem'))}
    verify_and_map: true
    timeout: ${timeout}
  }`;
    return `# coldtrace on NATS JetStream: generated by telemetry/src/broker/nats-config.ts; do not edit.
server_name: coldtrace-nats
listen: "127.0.0.1:${port}"
# Whoever admits devices (NatsDeviceAdmission) signals a reload to the pid written here.
pid_file: ${JSON.stringify(join(dir, NATS_PID_FILE))}
${monitorPort ? `# /varz says when a reload of the users took effect.\nhttp: "127.0.0.1:${monitorPort}"\n` : ''}# A reading is about 150 bytes; 64 KiB as on the MQTT brokers.
max_payload: 65536
${tls(5)}
mqtt {
  listen: "127.0.0.1:${mqttPort}"
  ${tls(5)}
  # A QoS 1 message not acknowledged by its subscriber within this is sent again.
  ack_wait: "30s"
  max_ack_pending: 1000
}
jetstream {
  store_dir: ${JSON.stringify(join(dir, 'jetstream'))}
}
mappings {
  # Every reading of a sensor goes to the same partition: its order is kept, and whoever holds the
  # partition holds all of the sensor's readings.
  "coldtrace.sensors.*.telemetry": "coldtrace.readings.{{partition(${partitions},1)}}.{{wildcard(1)}}"
}
include "${NATS_USERS_FILE}"
`;
}

export interface PreparedNats {
    /** The configuration file to start `nats-server -c` with. */
    conf: string;
    /** Rewrites the users file for this set of identities; the server reads it on reload (SIGHUP). */
    writeUsers(identities: readonly DeviceIdentity[]): Promise<void>;
}

/**
 * Lays out a NATS server for coldtrace in `dir`: the device CA, a server certificate for localhost
 * issued by it, the configuration and the users of `identities` (add devices later with
 * `writeUsers` and a reload).
 *
 * @example
 * const nats = await prepareNats({ ca, dir: 'data/nats', port: 4222, mqttPort: 8883, identities: [{ commonName: 'coldtrace-detector', kind: 'service' }] });
 * spawn('nats-server', ['-c', nats.conf]);
 */
export async function prepareNats(input: {
    ca: DeviceCertificateAuthority;
    dir: string;
    port: number;
    mqttPort: number;
    monitorPort?: number;
    partitions?: number;
    identities: readonly DeviceIdentity[];
}): Promise<PreparedNats> {
    const dir = resolve(input.dir);
    ensurePrivateDirectory(join(dir, 'certs'));
    // JetStream keeps the readings (GPS positions among them) until a detector has stored them.
    ensurePrivateDirectory(join(dir, 'jetstream'));
    const server = await input.ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    await writeFile(join(dir, 'certs', 'device-ca.pem'), input.ca.certificatePem);
    await writeFile(join(dir, 'certs', 'server-cert.pem'), server.certificatePem);
    writePrivateFile(join(dir, 'certs', 'server-key.pem'), server.privateKeyPem);
    const writeUsers = (identities: readonly DeviceIdentity[]) => writeNatsUsers(dir, identities);
    await writeUsers(input.identities);
    const conf = join(dir, NATS_CONF_FILE);
    await writeFile(
        conf,
        renderNatsConfig({ dir, port: input.port, mqttPort: input.mqttPort, monitorPort: input.monitorPort, partitions: input.partitions ?? DEFAULT_READING_PARTITIONS }),
    );
    return { conf, writeUsers };
}

/**
 * Writes the users of a NATS directory: `users.conf` for the server (the fleet's claim user always
 * among them) and `users.json` with the same identities, which whoever admits devices later reads
 * back. The server takes the new list on its next reload.
 */
export async function writeNatsUsers(dir: string, identities: readonly DeviceIdentity[]): Promise<void> {
    const claim: DeviceIdentity = { commonName: CLAIM_COMMON_NAME, kind: 'claim' };
    await writeFile(join(dir, NATS_IDENTITIES_FILE), `${JSON.stringify(identities, null, 2)}\n`);
    await writeFile(join(dir, NATS_USERS_FILE), renderNatsUsers([claim, ...identities]));
}
