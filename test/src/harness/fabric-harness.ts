import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fabricLedger } from '@coldtrace/api';
import { type LedgerIdentity, readFabricNetworkConfig } from '@coldtrace/ledger-client';
import { FOUNDING_MEMBERS } from '@coldtrace/api/contract';
import { ADMIN_ATTRIBUTE } from '@coldtrace/chaincode/model';
import { type CertificateAuthority, certificateAuthorityFromPem } from '@coldtrace/embedded-ledger';
import { type Caller, harnessAttributes, LedgerHarness, ROLE_ORG, ROLES, STRANGERS } from './ledger-harness';

/** Where `npm run network:up` describes the local network. */
export const DEFAULT_CONNECTION = resolve(__dirname, '../../../.fabric/network/connection.json');

/**
 * The harness on a running Fabric network: each role gets a fresh certificate from its
 * organization's signing CA (the detector with coldtrace.role=detector, as Fabric CA would issue it)
 * and talks to its own organization's peer through the Fabric Gateway (with COLDTRACE_FABRIC_CLIENT=legacy
 * through fabric-network 2.2 and a static profile, as on Amazon Managed Blockchain). The strangers are the second
 * organizations the network has: those `network:add-org` admitted (`npm run test:fabric` adds
 * Retailer2MSP and Carrier2MSP, so retailer2, carrier2 and detector2 exist there, manufacturer2 not).
 */
export async function createFabricHarness(): Promise<LedgerHarness> {
    const config = readFabricNetworkConfig(process.env.COLDTRACE_FABRIC_CONNECTION ?? DEFAULT_CONNECTION);
    const authorities = new Map<string, CertificateAuthority>();
    const identities = {} as Record<Caller, LedgerIdentity>;
    const run = Date.now().toString(36);
    const strangers = STRANGERS.filter((stranger) => config.organizations[ROLE_ORG[stranger]] !== undefined);
    for (const role of [...ROLES, ...strangers]) {
        const mspId = ROLE_ORG[role];
        let ca = authorities.get(mspId);
        if (!ca) {
            const files = config.organizations[mspId]?.ca;
            if (!files) {
                throw new Error(`the network description has no signing CA for ${mspId}`);
            }
            ca = await certificateAuthorityFromPem(mspId, readFileSync(files.certPath, 'utf8'), readFileSync(files.keyPath, 'utf8'), files.certPath);
            authorities.set(mspId, ca);
        }
        identities[role] = await ca.enroll(`${role}-${run}`, { attributes: harnessAttributes(role) });
    }
    const harness = new LedgerHarness('fabric', fabricLedger(config, process.env.COLDTRACE_FABRIC_CLIENT === 'legacy' ? 'legacy' : 'gateway', true), identities);
    harness.certify = async (mspId, userId, publicKey, attributes) => {
        const ca = authorities.get(mspId);
        if (!ca) {
            throw new Error(`the harness holds no signing CA for ${mspId}`);
        }
        return ca.certify(userId, publicKey, { attributes });
    };
    for (const mspId of new Set(strangers.map((stranger) => ROLE_ORG[stranger]))) {
        harness.strangerAdmins.push(await authorities.get(mspId)!.enroll(`admin-${run}`, { attributes: { [ADMIN_ATTRIBUTE]: 'true' } }));
    }
    // The first suite (or server) that connects to a fresh network records its four organizations;
    // network:add-org recorded the organizations it admitted (member:propose, member:approve).
    await harness.bootstrap(FOUNDING_MEMBERS);
    return harness;
}
