import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '../files/private-files';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';

/** The shipped Mosquitto configuration and ACL (network/mosquitto/ in the repository). */
export const SHIPPED_MOSQUITTO_DIR = resolve(__dirname, '../../../network/mosquitto');

/**
 * Lays out a Mosquitto instance for coldtrace in `dir`: the shipped mosquitto.conf (listening on
 * 127.0.0.1:`port`, packets up to `maxPacketBytes`, default the shipped 64 KiB) and ACL, the device
 * CA, and a server certificate for localhost issued by it. Run it with
 * `mosquitto -c <dir>/mosquitto.conf` from `dir`.
 *
 * @example
 * const conf = await prepareMosquitto({ ca, dir: 'data/mosquitto', port: 8883 });
 */
export async function prepareMosquitto(input: { ca: DeviceCertificateAuthority; dir: string; port: number; maxPacketBytes?: number }): Promise<string> {
    const { ca, dir, port, maxPacketBytes } = input;
    ensurePrivateDirectory(join(dir, 'certs'));
    // Mosquitto's persistence keeps queued readings (GPS positions among them).
    ensurePrivateDirectory(join(dir, 'data'));
    const server = await ca.issue({ commonName: 'localhost', kind: 'service' }, { dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    await writeFile(join(dir, 'certs', 'device-ca.pem'), ca.certificatePem);
    await writeFile(join(dir, 'certs', 'server-cert.pem'), server.certificatePem);
    writePrivateFile(join(dir, 'certs', 'server-key.pem'), server.privateKeyPem);
    const shipped = await readFile(join(SHIPPED_MOSQUITTO_DIR, 'mosquitto.conf'), 'utf8');
    // Mosquitto resolves relative paths against its working directory; absolute ones work from anywhere.
    const conf = shipped
        .replace(/^listener 8883 127\.0\.0\.1$/m, `listener ${port} 127.0.0.1`)
        .replace(/^max_packet_size \d+$/m, (line) => (maxPacketBytes === undefined ? line : `max_packet_size ${maxPacketBytes}`))
        .replace(
            /^(cafile|certfile|keyfile|acl_file|persistence_location) (.+)$/gm,
            (_line, key: string, path: string) => `${key} ${join(resolve(dir), path)}${path.endsWith('/') ? '/' : ''}`,
        );
    await writeFile(join(dir, 'acl'), await readFile(join(SHIPPED_MOSQUITTO_DIR, 'acl'), 'utf8'));
    // Started as root, Mosquitto drops to the `mosquitto` user, which cannot read these files: run
    // it as whoever prepared them instead.
    await writeFile(join(dir, 'mosquitto.conf'), `${conf}\nuser ${userInfo().username}\n`);
    return join(dir, 'mosquitto.conf');
}
