import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLAIM_COMMON_NAME } from '@coldtrace/iot-sensor/protocol';
import { ensurePrivateDirectory, narrowToOwner, writePrivateFile } from '../files/private-files';
import type { DeviceCertificateAuthority } from '../device-ca/device-certificate-authority';

/** Files a device (or the simulator) uses for fleet provisioning by claim. */
export interface ClaimCredentials {
    certificatePath: string;
    privateKeyPath: string;
    caPath: string;
}

/**
 * Writes the fleet's claim certificate (OU=claim: it may only use the provisioning topics) once,
 * and the device CA beside it, in `dir`; later starts reuse them.
 */
export async function writeClaimCredentials(ca: DeviceCertificateAuthority, dir: string): Promise<ClaimCredentials> {
    const paths = { certificatePath: join(dir, 'claim-cert.pem'), privateKeyPath: join(dir, 'claim-key.pem'), caPath: join(dir, 'device-ca.pem') };
    ensurePrivateDirectory(dir);
    const current = existsSync(paths.certificatePath) ? ca.identityOf(await readFile(paths.certificatePath, 'utf8')) : undefined;
    if (current?.kind !== 'claim') {
        const issued = await ca.issue({ commonName: CLAIM_COMMON_NAME, kind: 'claim' });
        writePrivateFile(paths.privateKeyPath, issued.privateKeyPem);
        await writeFile(paths.certificatePath, issued.certificatePem);
    } else {
        narrowToOwner(paths.privateKeyPath);
    }
    await writeFile(paths.caPath, ca.certificatePem);
    return paths;
}
