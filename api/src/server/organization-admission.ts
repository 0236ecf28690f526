import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ATTRIBUTE, isActive, type Member, MemberInput, type MemberMotion } from '@coldtrace/chaincode/model';
import { isEmbeddedLedgerBackend, type JsonLedgerClient, LedgerError, type LedgerIdentity, newJsonLedgerClient } from '@coldtrace/ledger-client';
import { openLedger } from './ledger-connection';

/** Why `npm run admin -- org add` could not admit an organization. */
export class OrganizationAdmissionError extends Error {
    override name = 'OrganizationAdmissionError';
}

/**
 * Admits an organization to the consortium of a stopped server's embedded ledger: creates its CA and
 * MSP in the data directory (the ledger trusts it from then on, after restarts too) and records it by
 * the same motion the API uses — proposed by an administrator of the first active member, approved by
 * administrators of active members until a majority carried it. The all-in-one data directory holds
 * every member's CA, so the operator signs for each of them, as each member's admin would on Fabric.
 *
 * @example
 * const member = await admitOrganization('./data', { mspId: 'Retailer3MSP', roles: ['retailer'], displayName: 'Corner Pharmacy' });
 */
export async function admitOrganization(dataDir: string, input: MemberInput): Promise<Member> {
    const parsed = MemberInput.safeParse(input);
    if (!parsed.success) {
        throw new OrganizationAdmissionError(`invalid organization: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'member'}: ${i.message}`).join('; ')}`);
    }
    const member = parsed.data;
    if (!existsSync(join(dataDir, 'ledger', 'msp'))) {
        throw new OrganizationAdmissionError(
            `${dataDir} holds no embedded ledger; start the server on it once (npm start -- --data ${dataDir}) so the consortium has its founding members`,
        );
    }
    let connection: Awaited<ReturnType<typeof openLedger>>;
    try {
        connection = await openLedger({ ledger: 'embedded', dataDir, fabricConnection: '', organizations: [] });
    } catch (error) {
        throw new OrganizationAdmissionError(`cannot open the ledger in ${dataDir} (stop the server first): ${(error as Error).message}`);
    }
    const { ledger: raw, issuer } = connection;
    try {
        const ledger = newJsonLedgerClient(raw);
        const admin = (mspId: string): Promise<LedgerIdentity> => issuer.issue(mspId, 'admin@coldtrace', { [ADMIN_ATTRIBUTE]: 'true' });
        const mspIds = isEmbeddedLedgerBackend(raw) ? raw.ledger.identities.mspIds() : [];
        const active = (await directory(ledger, mspIds, admin)).filter(isActive);
        const [proposer] = active;
        if (proposer === undefined) {
            throw new OrganizationAdmissionError(`the consortium in ${dataDir} has no active member yet; start the server on it once`);
        }
        if (active.some((m) => m.mspId === member.mspId)) {
            throw new OrganizationAdmissionError(`${member.mspId} is a member already`);
        }
        await ledger.submit<Member>(await admin(proposer.mspId), 'member:propose', [member]);
        await issuer.trustOrganization!(member.mspId);
        for (const approver of active) {
            const motion = await ledger.submit<MemberMotion>(await admin(approver.mspId), 'member:approve', [member.mspId]);
            if (motion.carried) {
                break;
            }
        }
        return await ledger.evaluate<Member>(await admin(proposer.mspId), 'member:get', [member.mspId]);
    } finally {
        await raw.close();
    }
}

/** The member directory, read as the first trusted organization that is a member. */
async function directory(ledger: JsonLedgerClient, mspIds: readonly string[], admin: (mspId: string) => Promise<LedgerIdentity>): Promise<Member[]> {
    for (const mspId of mspIds) {
        try {
            return await ledger.evaluate<Member[]>(await admin(mspId), 'member:list', []);
        } catch (error) {
            if (!(error instanceof LedgerError && error.code === 'FORBIDDEN')) {
                throw error;
            }
        }
    }
    return [];
}
