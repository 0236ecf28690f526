import { X509Certificate, createPublicKey } from 'node:crypto';
import { access, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readPrivateKey, protectPrivateKey } from './encrypted-private-key';
import { InvalidCaMaterialError } from './invalid-ca-material-error';
import { KEY_DIRECTORY_MODE, ensureKeyDirectory, narrowKeyFile, writeFileAtomically, writeKeyFile } from './key-file';

/** The file names a CA keeps in its directory, e.g. `{ certificate: 'ca-cert.pem', key: 'ca-key.pem' }`. */
export interface CaFileNames {
    certificate: string;
    key: string;
}

/** A CA's certificate and its private key in plain PKCS#8, both PEM. */
export interface CaMaterial {
    certificatePem: string;
    privateKeyPem: string;
}

export interface KeyProtection {
    /** Encrypts keys written, decrypts encrypted keys read; plain keys stay readable without it. */
    passphrase?: string;
}

/**
 * Loads the CA kept in `dir`, or makes one with `create` and saves it there when `dir` holds
 * neither file. A directory with only one of the two is an {@link InvalidCaMaterialError}: a key
 * without its certificate (or the reverse) is never replaced, since certificates it issued may
 * be in use. Keys of an existing CA are narrowed to 0600 in a 0700 directory.
 *
 * A new CA is written into a staging directory renamed to `dir` in one step, so `dir` never shows
 * half a CA, and of several processes creating it at once one wins and the others load its CA.
 *
 * @example
 * const { certificatePem, privateKeyPem } = await openOrCreateCaFiles(dir, { certificate: 'ca-cert.pem', key: 'ca-key.pem' }, createMaterial);
 */
export async function openOrCreateCaFiles(dir: string, names: CaFileNames, create: () => Promise<CaMaterial>, protection: KeyProtection = {}): Promise<CaMaterial> {
    const [hasCertificate, hasKey] = await Promise.all([exists(join(dir, names.certificate)), exists(join(dir, names.key))]);
    if (hasCertificate && hasKey) {
        await ensureKeyDirectory(dir);
        await narrowKeyFile(join(dir, names.key));
        return readCaFiles(dir, names, protection);
    }
    if (hasCertificate || hasKey) {
        const [present, missing] = hasCertificate ? [names.certificate, names.key] : [names.key, names.certificate];
        throw new InvalidCaMaterialError(dir, `${present} exists without ${missing}; refusing to replace part of a CA`);
    }
    const material = await create();
    if (await publishCaDirectory(dir, names, material, protection)) {
        return material;
    }
    if ((await exists(join(dir, names.certificate))) && (await exists(join(dir, names.key)))) {
        return readCaFiles(dir, names, protection);
    }
    // `dir` holds files of its own besides the CA: the CA goes in beside them, file by file.
    await saveCaFiles(dir, names, material, protection);
    return material;
}

/** Renames a staging directory holding the CA to `dir`; false when `dir` exists with something in it. */
async function publishCaDirectory(dir: string, names: CaFileNames, material: CaMaterial, protection: KeyProtection): Promise<boolean> {
    await mkdir(dirname(dir), { recursive: true, mode: KEY_DIRECTORY_MODE });
    const staging = await mkdtemp(join(dirname(dir), `.${basename(dir)}-`));
    try {
        await saveCaFiles(staging, names, material, protection);
        // rename(2) replaces a missing or empty directory only.
        await rename(staging, dir);
        return true;
    } catch (error) {
        if (['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) {
            return false;
        }
        throw error;
    } finally {
        await rm(staging, { recursive: true, force: true });
    }
}

/**
 * Reads a CA's certificate and key from `dir`, decrypting the key when it is encrypted, and checks
 * that they belong together. Throws {@link InvalidCaMaterialError} (or a WrongPassphraseError).
 *
 * @example
 * const material = await readCaFiles('/data/msp/CarrierMSP', names, { passphrase });
 */
export async function readCaFiles(dir: string, names: CaFileNames, protection: KeyProtection = {}): Promise<CaMaterial> {
    const [certificatePem, storedKey] = await Promise.all([readMaterial(dir, names.certificate), readMaterial(dir, names.key)]);
    const privateKey = readPrivateKey(storedKey, protection.passphrase, join(dir, names.key));
    const material = { certificatePem, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
    assertCaMaterial(material, dir);
    return material;
}

/**
 * Writes a CA into `dir` (created 0700): the key first as a new 0600 file (encrypted when a
 * passphrase is given), then the certificate (0644). Neither replaces an existing file, so two
 * processes creating the same CA at once cannot end with a certificate of one and the key of the other.
 *
 * @example
 * await saveCaFiles('/data/msp/CarrierMSP', names, material, { passphrase });
 */
export async function saveCaFiles(dir: string, names: CaFileNames, material: CaMaterial, protection: KeyProtection = {}): Promise<void> {
    await ensureKeyDirectory(dir);
    await writeKeyFile(join(dir, names.key), protectPrivateKey(material.privateKeyPem, protection.passphrase));
    await writeFileAtomically(join(dir, names.certificate), material.certificatePem, { mode: 0o644 });
}

/**
 * Checks that `material` is a CA certificate with the private key of that certificate; `source`
 * names it in the {@link InvalidCaMaterialError}.
 *
 * @example
 * assertCaMaterial({ certificatePem, privateKeyPem }, 'crypto-config/retailer/ca');
 */
export function assertCaMaterial(material: CaMaterial, source: string): X509Certificate {
    let certificate: X509Certificate;
    let publicKeyDer: Buffer;
    try {
        certificate = new X509Certificate(material.certificatePem);
        publicKeyDer = createPublicKey(material.privateKeyPem).export({ type: 'spki', format: 'der' });
    } catch (error) {
        throw new InvalidCaMaterialError(source, `cannot parse the certificate or key: ${(error as Error).message}`);
    }
    if (!certificate.ca) {
        throw new InvalidCaMaterialError(source, 'the certificate is not a CA certificate');
    }
    if (!publicKeyDer.equals(certificate.publicKey.export({ type: 'spki', format: 'der' }))) {
        throw new InvalidCaMaterialError(source, 'the key is not the key of the CA certificate');
    }
    return certificate;
}

async function readMaterial(dir: string, file: string): Promise<string> {
    try {
        return await readFile(join(dir, file), 'utf8');
    } catch (error) {
        throw new InvalidCaMaterialError(dir, `cannot read ${file}: ${(error as Error).message}`);
    }
}

async function exists(path: string): Promise<boolean> {
    try {
        await access(path);
        return true;
    } catch (error) {
        // Only a missing file counts as absent: an unreadable one must not be replaced by a new CA.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            return false;
        }
        throw error;
    }
}
