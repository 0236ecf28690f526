import { readFileSync } from 'node:fs';
import { type FabricCa, type FabricNetworkConfig, LedgerError, type LedgerIdentity, newFabricCa, publishRevocationList } from '@coldtrace/ledger-client';
import type { IdentityIssuer } from './identity-issuer';

/**
 * {@link IdentityIssuer} on a Fabric network: each organization's Fabric CA registers and enrolls
 * its users, their attributes (coldtrace.role, coldtrace.admin) as ecert attributes, and revokes
 * them; the CA's CRL then goes into the organization's channel MSP, so the peers refuse them too.
 * coldtrace holds the CA's registrar secret, never the CA's signing key.
 *
 * @example
 * const issuer = newFabricIdentityIssuer(readFabricNetworkConfig('fabric-connection.json'));
 * const alice = await issuer.issue('RetailerMSP', 'alice', { 'coldtrace.role': 'retailer' });
 */
export function newFabricIdentityIssuer(config: FabricNetworkConfig): IdentityIssuer {
    return new FabricIdentityIssuer(config);
}

class FabricIdentityIssuer implements IdentityIssuer {
    readonly #authorities = new Map<string, FabricCa>();

    readonly #config: FabricNetworkConfig;

    constructor(config: FabricNetworkConfig) {
        this.#config = config;
    }

    issue(mspId: string, userId: string, attributes: Readonly<Record<string, string>> = {}): Promise<LedgerIdentity> {
        return this.#authority(mspId).enroll(userId, attributes);
    }

    /** Revokes every certificate of the user at the CA and publishes the CA's CRL to the channel. */
    async revoke(mspId: string, userId: string): Promise<void> {
        const crl = await this.#authority(mspId).revoke(userId);
        await publishRevocationList(this.#config, mspId, [crl]);
    }

    #authority(mspId: string): FabricCa {
        let authority = this.#authorities.get(mspId);
        if (!authority) {
            const ca = this.#config.organizations[mspId]?.fabricCa;
            if (!ca) {
                // A member's node reaches its own CA only: another organization's users sign in at their own node.
                throw new LedgerError(
                    'ACCESS_DENIED',
                    `this coldtrace node knows no Fabric CA of ${mspId} (organizations.${mspId}.fabricCa); its users sign in at ${mspId}'s own node`,
                );
            }
            authority = newFabricCa(mspId, { url: ca.url, caName: ca.caName, tlsCaCert: readFileSync(ca.tlsCaCertPath, 'utf8'), registrar: ca.registrar });
            this.#authorities.set(mspId, authority);
        }
        return authority;
    }
}
