import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDirectory, writePrivateFile } from '../files/private-files';

/** A device's own key and the certificate the device CA issued for it. */
export interface DeviceCredentials {
    certificatePem: string;
    privateKeyPem: string;
}

const KEY_FILE = 'key.pem';
const CERTIFICATE_FILE = 'cert.pem';

/**
 * The device's credentials from `dir` (`key.pem`, `cert.pem`), or, the first time, from
 * `provision` — kept there (0600, in a 0700 directory) before they are used. A device keeps its
 * identity across restarts: the backend certifies a sensor once, and asking again is refused
 * (`ResourceAlreadyExists`). Stored credentials that `usable` rejects (e.g. from another device CA)
 * are provisioned anew.
 *
 * @example
 * const credentials = await storedOrProvisioned('/var/lib/coldtrace/T-1', () => provisionByClaim(claim, 'T-1', 'coldtrace-sensor'));
 */
export async function storedOrProvisioned(
    dir: string,
    provision: () => Promise<DeviceCredentials>,
    usable: (credentials: DeviceCredentials) => boolean = () => true,
): Promise<DeviceCredentials> {
    const stored = readStoredCredentials(dir);
    if (stored && usable(stored)) {
        return stored;
    }
    const { certificatePem, privateKeyPem } = await provision();
    ensurePrivateDirectory(dir);
    // The key first: a certificate on disk means its key is there too.
    writePrivateFile(join(dir, KEY_FILE), privateKeyPem);
    writePrivateFile(join(dir, CERTIFICATE_FILE), certificatePem);
    return { certificatePem, privateKeyPem };
}

/** The credentials kept in `dir`, if both files are there. */
export function readStoredCredentials(dir: string): DeviceCredentials | undefined {
    if (!existsSync(join(dir, CERTIFICATE_FILE)) || !existsSync(join(dir, KEY_FILE))) {
        return undefined;
    }
    return { certificatePem: readFileSync(join(dir, CERTIFICATE_FILE), 'utf8'), privateKeyPem: readFileSync(join(dir, KEY_FILE), 'utf8') };
}
