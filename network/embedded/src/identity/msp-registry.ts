import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CertificateAuthority } from './certificate-authority';
import type { IdentityInfo } from './identity';
import { assertValidMspId, isValidMspId } from './invalid-msp-id-error';
import { UnknownMspError } from './unknown-msp-error';

/** Each MSP's revocation list, beside its CA: the embedded channel configuration's `revocation_list`. */
const CRL_FILE = 'crl.pem';

/**
 * The organizations of the network, one {@link CertificateAuthority} each: the embedded
 * counterpart of the channel's MSP definitions that peers validate creators against, with the
 * revocation list (a CRL signed by the organization's CA) each MSP definition carries.
 *
 * @example
 * const registry = await MspRegistry.openOrCreate('/data/msp', ['ManufacturerMSP', 'CarrierMSP']);
 * const alice = await registry.get('CarrierMSP').enroll('alice');
 * registry.verify('CarrierMSP', alice.certificate).userId; // 'alice'
 */
export class MspRegistry {
    readonly #rootDir: string;
    readonly #authorities: Map<string, CertificateAuthority>;

    private constructor(rootDir: string, authorities: Map<string, CertificateAuthority>) {
        this.#rootDir = rootDir;
        this.#authorities = authorities;
    }

    /** When each MSP's crl.pem was last read, so another process's revocation (npm run admin) is seen. */
    readonly #crlRead = new Map<string, number>();

    /**
     * Opens the CA of each MSP from `<rootDir>/<mspId>/`, creating the ones that do not exist yet,
     * and every other MSP whose CA is already in `rootDir` (organizations admitted since the network
     * was created, by `npm run admin -- org add` or through the API), after the listed ones.
     *
     * @example
     * const registry = await MspRegistry.openOrCreate(join(dataDir, 'msp'), ['RetailerMSP']);
     */
    static async openOrCreate(rootDir: string, mspIds: readonly string[]): Promise<MspRegistry> {
        const unique = [...new Set([...mspIds, ...storedMspIds(rootDir)])];
        // Validated up front so a bad ID cannot name a directory outside rootDir.
        unique.forEach(assertValidMspId);
        const registry = new MspRegistry(rootDir, new Map());
        for (const mspId of unique) {
            await registry.add(mspId);
        }
        return registry;
    }

    /**
     * The organizations whose CA is stored in `rootDir`, sorted: what a tool that did not create
     * the network (the ledger CLI) trusts.
     *
     * @example
     * MspRegistry.storedIn(join(dataDir, 'msp')); // ['AuditorMSP', 'Carrier2MSP', 'CarrierMSP', …]
     */
    static storedIn(rootDir: string): string[] {
        return storedMspIds(rootDir);
    }

    /**
     * Trusts one more organization from now on, creating its CA when it has none yet: the embedded
     * counterpart of a channel configuration update that adds an MSP. Adding a known MSP returns its CA.
     *
     * @example
     * const ca = await registry.add('Retailer3MSP');
     */
    async add(mspId: string): Promise<CertificateAuthority> {
        assertValidMspId(mspId);
        const known = this.#authorities.get(mspId);
        if (known) {
            return known;
        }
        const authority = await CertificateAuthority.openOrCreate(join(this.#rootDir, mspId), mspId);
        this.#authorities.set(mspId, authority);
        await this.#readRevocationList(mspId);
        return authority;
    }

    /**
     * Revokes a certificate of `mspId`: its CA signs a new CRL listing it, which becomes the MSP's
     * revocation list (kept in `<rootDir>/<mspId>/crl.pem`), so {@link verify} refuses it from now
     * on — the embedded counterpart of a channel configuration update of the MSP's revocation_list.
     *
     * @example
     * await registry.revoke('RetailerMSP', alice.certificate);
     */
    async revoke(mspId: string, certificatePem: string): Promise<void> {
        await this.#readRevocationList(mspId);
        const crl = await this.get(mspId).revoke(certificatePem);
        const path = join(this.#rootDir, mspId, CRL_FILE);
        writeFileSync(`${path}.tmp`, crl, { mode: 0o644 });
        renameSync(`${path}.tmp`, path);
        this.#crlRead.set(mspId, statSync(path).mtimeMs);
    }

    /** Loads the MSP's crl.pem when it changed since last read (a revocation by another process). */
    async #readRevocationList(mspId: string): Promise<void> {
        if (!this.has(mspId)) {
            return;
        }
        const path = join(this.#rootDir, mspId, CRL_FILE);
        // One stat per proposal (not an exists and a stat): the check runs for every creator it verifies.
        const changed = statSync(path, { throwIfNoEntry: false })?.mtimeMs;
        if (changed === undefined || this.#crlRead.get(mspId) === changed) {
            return;
        }
        await this.get(mspId).setRevocationList(readFileSync(path, 'utf8'), path);
        this.#crlRead.set(mspId, changed);
    }

    /** Whether the network trusts `mspId`. */
    has(mspId: string): boolean {
        return this.#authorities.has(mspId);
    }

    /**
     * The CA of `mspId`; throws {@link UnknownMspError} for an organization not in the network.
     *
     * @example
     * const detector = await registry.get('CarrierMSP').enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
     */
    get(mspId: string): CertificateAuthority {
        const authority = this.#authorities.get(mspId);
        if (!authority) {
            throw new UnknownMspError(mspId, this.mspIds());
        }
        return authority;
    }

    /**
     * Verifies that `certificatePem` was issued by `mspId`'s own CA, as a peer does for a proposal
     * creator claiming that MSP. Throws {@link UnknownMspError} or {@link UntrustedIdentityError}.
     *
     * @example
     * const { userId, attributes } = registry.verify(creator.mspid, creatorPem);
     */
    verify(mspId: string, certificatePem: string): IdentityInfo {
        return this.get(mspId).verify(certificatePem);
    }

    /**
     * Like {@link verify}, after taking up a revocation list another process (npm run admin -- user
     * remove) wrote since; the ledger checks proposal creators with it.
     */
    async verifyCurrent(mspId: string, certificatePem: string): Promise<IdentityInfo> {
        await this.#readRevocationList(mspId);
        return this.verify(mspId, certificatePem);
    }

    /** The MSP IDs of the network: the configured ones in their order, then those found or added. */
    mspIds(): string[] {
        return [...this.#authorities.keys()];
    }
}

/** The MSP IDs whose CA material is in `rootDir`, in name order. */
function storedMspIds(rootDir: string): string[] {
    if (!existsSync(rootDir)) {
        return [];
    }
    return readdirSync(rootDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && isValidMspId(entry.name) && existsSync(join(rootDir, entry.name, 'ca-cert.pem')))
        .map((entry) => entry.name)
        .sort();
}

/**
 * The registry of the CAs stored under `rootDir`, creating those of `mspIds` that are missing.
 *
 * @example
 * const registry = await openOrCreateMspRegistry(join(dataDir, 'msp'), ['RetailerMSP']);
 */
export function openOrCreateMspRegistry(rootDir: string, mspIds: readonly string[]): Promise<MspRegistry> {
    return MspRegistry.openOrCreate(rootDir, mspIds);
}
