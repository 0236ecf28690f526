import { join } from 'node:path';
import { CertificateAuthority } from './certificate-authority';
import type { IdentityInfo } from './identity';
import { assertValidMspId } from './invalid-msp-id-error';
import { UnknownMspError } from './unknown-msp-error';

/**
 * The organizations of the network, one {@link CertificateAuthority} each: the embedded
 * counterpart of the channel's MSP definitions that peers validate creators against.
 *
 * @example
 * const registry = await MspRegistry.openOrCreate('/data/msp', ['ManufacturerMSP', 'CarrierMSP']);
 * const alice = await registry.get('CarrierMSP').enroll('alice');
 * registry.verify('CarrierMSP', alice.certificate).userId; // 'alice'
 */
export class MspRegistry {
    private constructor(private readonly authorities: ReadonlyMap<string, CertificateAuthority>) {}

    /**
     * Opens the CA of each MSP from `<rootDir>/<mspId>/`, creating the ones that do not exist yet.
     *
     * @example
     * const registry = await MspRegistry.openOrCreate(join(dataDir, 'msp'), ['RetailerMSP']);
     */
    static async openOrCreate(rootDir: string, mspIds: readonly string[]): Promise<MspRegistry> {
        const unique = [...new Set(mspIds)];
        // Validated up front so a bad ID cannot name a directory outside rootDir.
        unique.forEach(assertValidMspId);
        const authorities = new Map<string, CertificateAuthority>();
        for (const mspId of unique) {
            authorities.set(mspId, await CertificateAuthority.openOrCreate(join(rootDir, mspId), mspId));
        }
        return new MspRegistry(authorities);
    }

    /**
     * The CA of `mspId`; throws {@link UnknownMspError} for an organization not in the network.
     *
     * @example
     * const detector = await registry.get('CarrierMSP').enroll('sensor-7', { attributes: { 'coldtrace.role': 'detector' } });
     */
    get(mspId: string): CertificateAuthority {
        const authority = this.authorities.get(mspId);
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

    /** The MSP IDs of the network, in the order they were configured. */
    mspIds(): string[] {
        return [...this.authorities.keys()];
    }
}
