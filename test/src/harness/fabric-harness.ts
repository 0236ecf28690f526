import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FabricGatewayLedger, fabricGatewayOptions, type LedgerIdentity, readFabricNetworkConfig } from '@coldtrace/api';
import { FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { DETECTOR_ROLE, ROLE_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { CertificateAuthority } from '@coldtrace/embedded-ledger';
import { LedgerHarness, type Role, ROLE_ORG, ROLES } from './ledger-harness';

/** Where `npm run network:up` describes the local network. */
export const DEFAULT_CONNECTION = resolve(__dirname, '../../../.fabric/network/connection.json');

/**
 * The harness on a running Fabric network: each role gets a fresh certificate from its
 * organization's signing CA (the detector with coldtrace.role=detector, as Fabric CA would issue it)
 * and talks to its own organization's peer through the Fabric Gateway. The network has the four
 * founding organizations only, so it has no strangers until `network:add-org` admits them.
 */
export async function createFabricHarness(): Promise<LedgerHarness> {
    const config = readFabricNetworkConfig(process.env.COLDTRACE_FABRIC_CONNECTION ?? DEFAULT_CONNECTION);
    const authorities = new Map<string, CertificateAuthority>();
    const identities = {} as Record<Role, LedgerIdentity>;
    const run = Date.now().toString(36);
    for (const role of ROLES) {
        const mspId = ROLE_ORG[role];
        let ca = authorities.get(mspId);
        if (!ca) {
            const files = config.organizations[mspId]?.ca;
            if (!files) {
                throw new Error(`the network description has no signing CA for ${mspId}`);
            }
            ca = await CertificateAuthority.fromPem(mspId, readFileSync(files.certPath, 'utf8'), readFileSync(files.keyPath, 'utf8'), files.certPath);
            authorities.set(mspId, ca);
        }
        identities[role] = await ca.enroll(`${role}-${run}`, { attributes: role === 'detector' ? { [ROLE_ATTRIBUTE]: DETECTOR_ROLE } : {} });
    }
    const harness = new LedgerHarness('fabric', new FabricGatewayLedger(fabricGatewayOptions(config)), identities);
    // The first suite (or server) that connects to a fresh network records its four organizations.
    await harness.bootstrap(FOUNDING_MEMBERS);
    return harness;
}
